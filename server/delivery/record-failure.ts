import type { DeliveryRow } from "@/db/schema";
import type { Logger } from "@/server/logger";

import { moveDelivery } from "./move-delivery";
import { backoffMs, errorText } from "./retry";
import type { SendContext } from "./send-delivery";
import { publish, TimelineRows } from "./timeline";
import { immediate } from "./transaction";
import { PermanentError } from "./types";

/**
 * Records a failed attempt: the delivery waits for its next attempt with
 * backoff, or fails for good after the last one or when no retry can
 * help. Returns the time of the next attempt, if there is one.
 */
export function recordFailure(
  ctx: SendContext,
  delivery: DeliveryRow,
  error: unknown,
  log: Logger,
): number | null {
  const now = ctx.clock();
  const text = errorText(error);
  const final =
    error instanceof PermanentError ||
    delivery.attempts >= ctx.retry.maxAttempts;
  const nextAttemptAt = now + backoffMs(ctx.retry, delivery.attempts);
  const events = immediate(ctx.db, () => {
    const timeline = new TimelineRows(ctx.db, now);
    moveDelivery(
      ctx.db,
      timeline,
      delivery,
      final
        ? { to: "failed", error: text }
        : { to: "pending", error: text, nextAttemptAt },
    );

    return timeline.events;
  });
  publish(ctx.registry, events);
  if (events.length === 0) {
    return null;
  }
  if (final) {
    log.error({ attempt: delivery.attempts, err: error }, "delivery.failed");

    return null;
  }
  log.warn(
    { attempt: delivery.attempts, error: text, nextAttemptAt },
    "delivery.retry",
  );

  return nextAttemptAt;
}
