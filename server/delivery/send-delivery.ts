import type { Db } from "@/db/client";
import type { DeliveryRow } from "@/db/schema";
import type { Logger } from "@/server/logger";
import type { Registry } from "@/server/registry/registry";

import { channelNamed } from "./channels";
import { contentOf } from "./content";
import type { LiveBus } from "./live";
import type { Mailer } from "./mailer";
import { moveDelivery } from "./move-delivery";
import { recordFailure } from "./record-failure";
import type { RetryPolicy } from "./retry";
import { publish, TimelineRows } from "./timeline";
import { immediate } from "./transaction";
import { PermanentError, type ChannelDeps } from "./types";

export interface SendContext {
  db: Db;
  registry: Pick<Registry, "events">;
  live: LiveBus;
  mailer: Mailer;
  secret: string;
  webhookTimeoutMs: number;
  retry: RetryPolicy;
  clock: () => number;
  log: Logger;
}

/** Thrown inside a transaction to undo it: another sender owns the row. */
class LostClaim extends Error {}

/**
 * Sends one claimed delivery and records how it went. A local channel's
 * rows and the `delivered` mark commit together, synchronously; a remote
 * send is awaited, then marked. A failure is retried with backoff until
 * the last attempt. Resolves to the time of the next attempt, if any.
 */
export function sendDelivery(
  ctx: SendContext,
  delivery: DeliveryRow,
): number | null | Promise<number | null> {
  const log = ctx.log.child({
    entryId: delivery.entryId,
    channel: delivery.channel,
    deliveryId: delivery.id,
  });
  const channel = channelNamed(delivery.channel);
  const content = contentOf(ctx.db, delivery);
  if (!channel || !content) {
    const missing = channel ? "its content is missing" : "no such channel";

    return recordFailure(ctx, delivery, new PermanentError(missing), log);
  }
  const after: (() => void)[] = [];
  const deps: ChannelDeps = {
    db: ctx.db,
    now: ctx.clock(),
    live: ctx.live,
    mailer: ctx.mailer,
    secret: ctx.secret,
    webhookTimeoutMs: ctx.webhookTimeoutMs,
    afterCommit: (fn) => after.push(fn),
    log,
  };
  // Marks it delivered, with the local channel's writes when given. If
  // this throws after a remote send, the row stays `sending` and its lease
  // decides: a retry is safer than a guess.
  const delivered = (sendInside?: () => void) => {
    try {
      const events = immediate(ctx.db, () => {
        sendInside?.();
        const timeline = new TimelineRows(ctx.db, ctx.clock());
        if (!moveDelivery(ctx.db, timeline, delivery, { to: "delivered" })) {
          throw new LostClaim();
        }

        return timeline.events;
      });
      publish(ctx.registry, events);
    } catch (error) {
      if (error instanceof LostClaim) {
        log.warn("delivery.claim_lost");

        return null;
      }
      throw error;
    }
    after.forEach((fn) => fn());
    log.info({ attempt: delivery.attempts }, "delivery.sent");

    return null;
  };
  const failed = (error: unknown) => recordFailure(ctx, delivery, error, log);

  if (channel.local) {
    try {
      return delivered(() => channel.send(delivery, content, deps));
    } catch (error) {
      return failed(error);
    }
  }

  return channel.send(delivery, content, deps).then(() => delivered(), failed);
}
