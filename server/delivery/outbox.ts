import { and, eq } from "drizzle-orm";

import type { Db } from "@/db/client";
import { outbox, type OutboxRow } from "@/db/schema";
import type { TimelineEvent } from "@/server/registry/types";

import { backoffMs, type RetryPolicy } from "./retry";
import { statementsFor } from "./statements";
import { TimelineRows } from "./timeline";
import { immediate } from "./transaction";

export function dueOutbox(db: Db, now: number, limit: number): OutboxRow[] {
  return statementsFor(db).dueOutbox.all({ now, limit });
}

/**
 * Records that taking an outbox row failed (its transaction rolled back):
 * it is tried again later, and after the last attempt marked failed, with
 * a timeline row either way.
 */
export function recordOutboxFailure(
  db: Db,
  row: OutboxRow,
  error: string,
  now: number,
  policy: RetryPolicy,
): TimelineEvent[] {
  return immediate(db, () => {
    const attempts = row.attempts + 1;
    const final = attempts >= policy.maxAttempts;
    const nextAttemptAt = now + backoffMs(policy, attempts);
    const done = db
      .update(outbox)
      .set({
        status: final ? "failed" : "pending",
        attempts,
        nextAttemptAt: final ? row.nextAttemptAt : nextAttemptAt,
        lastError: error,
      })
      .where(
        and(
          eq(outbox.id, row.id),
          eq(outbox.status, "pending"),
          eq(outbox.attempts, row.attempts),
        ),
      )
      .run();
    if (done.changes !== 1) {
      return [];
    }
    const timeline = new TimelineRows(db, now);
    timeline.add(row.entryId, final ? "outbox.failed" : "outbox.retry", {
      outboxId: row.id,
      kind: row.kind,
      attempts,
      error,
      nextAttemptAt: final ? null : nextAttemptAt,
    });

    return timeline.events;
  });
}
