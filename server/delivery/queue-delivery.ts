import type { Db } from "@/db/client";
import type { DeliveryRow } from "@/db/schema";
import { newId } from "@/server/registry/ids";
import type { Json } from "@/server/registry/types";

import { statementsFor } from "./statements";
import type { TimelineRows } from "./timeline";

export interface NewDelivery {
  entryId: string;
  purpose: DeliveryRow["purpose"];
  channel: string;
  target: Record<string, Json>;
  reason: string;
  /** Why the channel cannot take it: recorded, and not sent. */
  skip: string | null;
  message?: Record<string, Json>;
}

/**
 * Inserts a delivery, due now, with its `delivery.queued` row (and its
 * `delivery.skipped` row when it cannot go), in the caller's transaction.
 */
export function queueDelivery(
  db: Db,
  timeline: TimelineRows,
  spec: NewDelivery,
): DeliveryRow {
  const now = timeline.at;
  const row: DeliveryRow = {
    id: newId("dlv", now),
    entryId: spec.entryId,
    purpose: spec.purpose,
    channel: spec.channel,
    target: spec.target,
    reason: spec.reason,
    status: spec.skip ? "skipped" : "pending",
    attempts: 0,
    nextAttemptAt: now,
    lastError: spec.skip,
    message: spec.message ?? null,
    createdAt: now,
    deliveredAt: null,
  };
  statementsFor(db).insertDelivery.run(row);
  const base = {
    deliveryId: row.id,
    channel: row.channel,
    purpose: row.purpose,
  };
  timeline.add(row.entryId, "delivery.queued", {
    ...base,
    reason: row.reason,
  });
  if (spec.skip) {
    timeline.add(row.entryId, "delivery.skipped", { ...base, why: spec.skip });
  }

  return row;
}
