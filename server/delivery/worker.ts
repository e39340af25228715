import type { Db } from "@/db/client";
import { logger as rootLogger, type Logger } from "@/server/logger";
import type { Registry } from "@/server/registry/registry";
import type { TimelineEvent } from "@/server/registry/types";

import { claimDue } from "./claim";
import type { LiveBus } from "./live";
import { createLoop } from "./loop";
import { createMailer } from "./mailer";
import { dueOutbox } from "./outbox";
import type { Presence } from "./presence";
import { DEFAULT_RETRY, type RetryPolicy } from "./retry";
import { sendDelivery, type SendContext } from "./send-delivery";
import { statementsFor } from "./statements";
import { takeOutboxRows } from "./take-outbox";
import { publish } from "./timeline";

export interface WorkerOptions {
  registry: Pick<Registry, "events">;
  db: Db;
  presence: Presence;
  live: LiveBus;
  /** The runtime secret: signs approval links and derives webhook secrets. */
  secret: string;
  publicUrl: string;
  dataDir: string;
  smtpUrl?: string;
  mailFrom?: string;
  clock?: () => number;
  /** Longest sleep, so retries and rows of other processes are seen. */
  pollMs?: number;
  /** How long a sender may hold a delivery before it is presumed dead. */
  leaseMs?: number;
  retry?: Partial<RetryPolicy>;
  webhookTimeoutMs?: number;
  /** Remote sends (email, webhook) in flight at once. */
  concurrency?: number;
  logger?: Logger;
}

const WAKE = new Set(["completion.queued", "approval.requested"]);
const BATCH = 100;

/**
 * Takes the outbox and sends deliveries. It wakes at once, in process,
 * when a closure or an approval request commits, and otherwise polls for
 * due retries, expired leases and rows left by other processes. Local
 * sends (chat, inbox) run inline; remote ones (email, webhook) run
 * alongside, a few at a time, so a slow webhook never holds up a chat.
 */
export function createDeliveryWorker(options: WorkerOptions) {
  const { db, registry } = options;
  const clock = options.clock ?? Date.now;
  const leaseMs = options.leaseMs ?? 30_000;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const concurrency = options.concurrency ?? 8;
  const log = (options.logger ?? rootLogger).child({ component: "delivery" });
  const mailer = createMailer({
    smtpUrl: options.smtpUrl,
    dataDir: options.dataDir,
    from: options.mailFrom ?? "Docket <docket@localhost>",
  });
  const ctx: SendContext = {
    db,
    registry,
    live: options.live,
    mailer,
    secret: options.secret,
    // A send must end well within its lease, or it could be sent twice.
    webhookTimeoutMs: Math.min(options.webhookTimeoutMs ?? 10_000, leaseMs / 2),
    retry,
    clock,
    log,
  };
  const outboxCtx = {
    ...ctx,
    isConnected: options.presence.isConnected,
    publicUrl: options.publicUrl,
  };
  // Prepared now, not on the first closure, which has a latency target.
  statementsFor(db);
  const inflight = new Set<Promise<unknown>>();
  const loop = createLoop(() => void pass(), {
    pollMs: options.pollMs ?? 1000,
    clock,
    onError: (error) => log.error({ err: error }, "delivery.round_failed"),
  });

  /** One round: the outbox first, then due deliveries. Returns work done. */
  function pass(): number {
    let work = 0;
    for (let more = true; more;) {
      const rows = dueOutbox(db, clock(), BATCH);
      takeOutboxRows(outboxCtx, rows);
      work += rows.length;
      more = rows.length === BATCH;
    }
    for (const remote of [false, true]) {
      const done = claimDue(db, {
        now: clock(),
        remote,
        limit: remote ? concurrency - inflight.size : BATCH,
        leaseMs,
        maxAttempts: retry.maxAttempts,
      });
      publish(registry, done.events);
      work += done.events.length;
      for (const d of done.claimed) {
        track(d.id, sendDelivery(ctx, d));
      }
    }

    return work;
  }

  /** Asks for a round when a send wants a retry, once that is known. */
  function track(id: string, sent: number | null | Promise<number | null>) {
    if (!(sent instanceof Promise)) {
      if (sent !== null) {
        loop.at(sent);
      }

      return;
    }
    const sending = sent
      .then((at) => track(id, at))
      .catch((error: unknown) =>
        log.error({ err: error, deliveryId: id }, "delivery.unrecorded"),
      )
      .finally(() => {
        inflight.delete(sending);
        loop.wake();
      });
    inflight.add(sending);
  }

  const onTimeline = (event: TimelineEvent) => {
    if (WAKE.has(event.type)) {
      loop.wake();
    }
  };

  return {
    start(): void {
      registry.events.off("timeline", onTimeline);
      registry.events.on("timeline", onTimeline);
      loop.start();
    },

    async stop(): Promise<void> {
      registry.events.off("timeline", onTimeline);
      loop.stop();
      await Promise.allSettled([...inflight]);
      mailer.close();
    },

    wake: loop.wake,

    /**
     * Works until nothing is due and no send is in flight: for scripts and
     * tests that drive the worker without starting it.
     */
    async drain(): Promise<void> {
      for (;;) {
        const work = pass();
        if (inflight.size > 0) {
          await Promise.allSettled([...inflight]);
        } else if (work === 0) {
          return;
        }
      }
    },
  };
}

export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;
