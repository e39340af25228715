import type { Db } from "@/db/client";
import type { DeliveryRow } from "@/db/schema";
import type { Json } from "@/server/registry/types";

import { statementsFor } from "./statements";
import type { TimelineRows } from "./timeline";

export type Move =
  | { to: "sending"; leaseUntil: number; leaseExpired: boolean }
  | { to: "delivered" }
  | { to: "pending"; error: string; nextAttemptAt: number }
  | { to: "failed"; error: string }
  | { to: "skipped"; why: string };

/**
 * Changes a delivery's status and writes its timeline row, inside the
 * caller's transaction. It applies only if the row is still as `seen`
 * (same status and attempt count): a sender whose lease ran out and was
 * replaced finds the row moved on, and changes nothing. Returns the new
 * row, or null when it did not apply.
 */
export function moveDelivery(
  db: Db,
  timeline: TimelineRows,
  seen: DeliveryRow,
  move: Move,
): DeliveryRow | null {
  const now = timeline.at;
  const next: DeliveryRow = { ...seen, status: move.to };
  const base: Record<string, Json> = {
    deliveryId: seen.id,
    channel: seen.channel,
    purpose: seen.purpose,
  };
  let event: [string, Record<string, Json>];
  if (move.to === "sending") {
    next.attempts = seen.attempts + 1;
    next.nextAttemptAt = move.leaseUntil;
    event = [
      "delivery.attempt",
      { ...base, attempt: next.attempts, leaseExpired: move.leaseExpired },
    ];
  } else if (move.to === "delivered") {
    next.deliveredAt = now;
    next.lastError = null;
    event = ["delivery.sent", { ...base, attempt: seen.attempts }];
  } else if (move.to === "pending") {
    next.nextAttemptAt = move.nextAttemptAt;
    next.lastError = move.error;
    event = [
      "delivery.retry",
      {
        ...base,
        attempt: seen.attempts,
        error: move.error,
        nextAttemptAt: move.nextAttemptAt,
      },
    ];
  } else if (move.to === "failed") {
    next.lastError = move.error;
    event = [
      "delivery.failed",
      { ...base, attempts: seen.attempts, error: move.error },
    ];
  } else {
    next.lastError = move.why;
    event = ["delivery.skipped", { ...base, why: move.why }];
  }
  const done = statementsFor(db).moveDelivery.run({
    id: seen.id,
    seenStatus: seen.status,
    seenAttempts: seen.attempts,
    status: next.status,
    attempts: next.attempts,
    nextAttemptAt: next.nextAttemptAt,
    lastError: next.lastError,
    deliveredAt: next.deliveredAt,
  });
  if (done.changes !== 1) {
    return null;
  }
  timeline.add(seen.entryId, ...event);

  return next;
}
