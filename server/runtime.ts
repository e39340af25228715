import path from "node:path";

import { openDatabase, type Db } from "@/db/client";
import { ensureApiKey } from "@/server/auth/api-keys";
import { deciderCheck } from "@/server/auth/deciders";
import { ensureAuthSecret } from "@/server/auth/secret";
import { config } from "@/server/config";
import { registerFlows } from "@/server/flows/register";
import { LiveBus } from "@/server/delivery/live";
import { createPresence, type Presence } from "@/server/delivery/presence";
import { relayTimeline } from "@/server/delivery/relay";
import {
  createDeliveryWorker,
  type DeliveryWorker,
} from "@/server/delivery/worker";
import { logger } from "@/server/logger";
import { createRegistry, type Registry } from "@/server/registry/registry";
import { createScheduler, type Scheduler } from "@/server/registry/scheduler";
import { SqliteStore } from "@/server/registry/store/sqlite";
import type { TimelineEvent } from "@/server/registry/types";

export interface Runtime {
  ready: boolean;
  db: Db;
  /** The data folder: the database, secrets, and mail kept as files. */
  dataDir: string;
  /** Whether mail leaves by SMTP or is written to the data folder. */
  mailKind: "smtp" | "files";
  /** Signs sessions and capability tokens. */
  secret: string;
  registry: Registry;
  scheduler: Scheduler;
  /** Takes completions and approval requests from the outbox, delivers. */
  delivery: DeliveryWorker;
  /** Chat connections of this process; routing asks it at closure. */
  presence: Presence;
  /** Answers, progress notes, chunks and states for connected chats. */
  live: LiveBus;
  logger: typeof logger;
  start(): void;
  stop(): Promise<void>;
}

const KEY = Symbol.for("docket.runtime");

/** Timeline rows the delivery worker logs itself, with their details. */
const DELIVERY_LOGS = new Set([
  "answer.assembled",
  "route.chosen",
  "delivery.sent",
]);
type Holder = typeof globalThis & { [KEY]?: Runtime };

/**
 * The process-wide runtime, kept on globalThis: Next bundles route
 * handlers and instrumentation separately, and all of them must share one
 * database handle, one registry and one scheduler.
 */
export function getRuntime(): Runtime {
  const holder = globalThis as Holder;
  holder[KEY] ??= createRuntime();

  return holder[KEY];
}

/**
 * One line per entry and transaction: the state changes it committed, in
 * order. Rows the delivery worker logs itself, with details, are left out.
 */
function logCommitted(log: typeof logger, rows: readonly TimelineEvent[]) {
  const byEntry = new Map<string, TimelineEvent[]>();
  for (const row of rows) {
    if (DELIVERY_LOGS.has(row.type)) {
      continue;
    }
    const changes = byEntry.get(row.entryId) ?? [];
    changes.push(row);
    byEntry.set(row.entryId, changes);
  }
  for (const [entryId, changes] of byEntry) {
    const events = changes.map((row) => row.type);
    log.info(
      { entryId, events, eventIds: changes.map((row) => row.id) },
      events.join(" "),
    );
  }
}

function createRuntime(): Runtime {
  const settings = config();
  const db = openDatabase(path.join(settings.dataDir, "docket.sqlite"), {
    synchronous: settings.DOCKET_SQLITE_SYNC,
  });
  const registry = createRegistry({
    store: new SqliteStore(db),
    deciders: deciderCheck(db),
    bufferTtlMs: settings.DOCKET_BUFFER_TTL,
    streamLimitBytes: settings.streamLimitBytes,
  });
  const log = logger.child({ component: "registry" });
  registry.events.on("committed", (rows) => logCommitted(log, rows));
  const scheduler = createScheduler({
    registry,
    onError: (error) => log.error({ err: error }, "timer failed"),
  });
  const secret = ensureAuthSecret(settings.dataDir, settings.AUTH_SECRET);
  const presence = createPresence();
  const live = new LiveBus();
  const delivery = createDeliveryWorker({
    registry,
    db,
    presence,
    live,
    secret,
    publicUrl: settings.publicUrl,
    dataDir: settings.dataDir,
    smtpUrl: settings.SMTP_URL,
    mailFrom: settings.DOCKET_MAIL_FROM,
  });
  let stopRelay: (() => void) | null = null;
  const runtime: Runtime = {
    ready: false,
    db,
    dataDir: settings.dataDir,
    mailKind: settings.SMTP_URL ? "smtp" : "files",
    secret,
    registry,
    scheduler,
    delivery,
    presence,
    live,
    logger,
    start() {
      if (runtime.ready) {
        return;
      }
      if (settings.DOCKET_BOOTSTRAP_API_KEY) {
        ensureApiKey(db, settings.DOCKET_BOOTSTRAP_API_KEY);
      }
      registerFlows();
      scheduler.start();
      stopRelay = relayTimeline({ registry, db, bus: live });
      delivery.start();
      runtime.ready = true;
      logger.info({ dataDir: settings.dataDir }, "runtime started");
    },
    async stop() {
      await scheduler.stop();
      await delivery.stop();
      stopRelay?.();
      stopRelay = null;
      runtime.ready = false;
    },
  };

  return runtime;
}
