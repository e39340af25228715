import path from "node:path";

import { openDatabase, type Db } from "@/db/client";
import { ensureApiKey } from "@/server/auth/api-keys";
import { ensureAuthSecret } from "@/server/auth/secret";
import { config } from "@/server/config";
import { logger } from "@/server/logger";
import { createRegistry, type Registry } from "@/server/registry/registry";
import { createScheduler, type Scheduler } from "@/server/registry/scheduler";
import { SqliteStore } from "@/server/registry/store/sqlite";

export interface Runtime {
  ready: boolean;
  db: Db;
  /** Signs sessions and capability tokens. */
  secret: string;
  registry: Registry;
  scheduler: Scheduler;
  logger: typeof logger;
  start(): void;
  stop(): Promise<void>;
}

const KEY = Symbol.for("docket.runtime");
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

function createRuntime(): Runtime {
  const settings = config();
  const db = openDatabase(path.join(settings.dataDir, "docket.sqlite"), {
    synchronous: settings.DOCKET_SQLITE_SYNC,
  });
  const registry = createRegistry({
    store: new SqliteStore(db),
    bufferTtlMs: settings.DOCKET_BUFFER_TTL,
  });
  const log = logger.child({ component: "registry" });
  registry.events.on("timeline", (event) => {
    log.info({ entryId: event.entryId, event: event.type, eventId: event.id });
  });
  const scheduler = createScheduler({
    registry,
    onError: (error) => log.error({ err: error }, "timer failed"),
  });
  const runtime: Runtime = {
    ready: false,
    db,
    secret: ensureAuthSecret(settings.dataDir, settings.AUTH_SECRET),
    registry,
    scheduler,
    logger,
    start() {
      if (runtime.ready) {
        return;
      }
      if (settings.DOCKET_BOOTSTRAP_API_KEY) {
        ensureApiKey(db, settings.DOCKET_BOOTSTRAP_API_KEY);
      }
      scheduler.start();
      runtime.ready = true;
      logger.info({ dataDir: settings.dataDir }, "runtime started");
    },
    async stop() {
      await scheduler.stop();
      runtime.ready = false;
    },
  };

  return runtime;
}
