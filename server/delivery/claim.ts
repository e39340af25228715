import { and, eq } from "drizzle-orm";

import type { Db } from "@/db/client";
import { entries, expectations, type DeliveryRow } from "@/db/schema";
import type { TimelineEvent } from "@/server/registry/types";

import { moveDelivery } from "./move-delivery";
import { statementsFor } from "./statements";
import { TimelineRows } from "./timeline";
import { immediate } from "./transaction";

export interface ClaimOptions {
  now: number;
  /** Remote channels (email, webhook), or else local ones (chat, inbox). */
  remote: boolean;
  limit: number;
  leaseMs: number;
  maxAttempts: number;
}

/**
 * Claims due deliveries, local or remote, in one transaction: each
 * pending one whose time has come, and each left `sending` past its lease
 * (its sender died mid-send; it goes again under the same id). A claim
 * moves it to `sending` with a new lease and counts the attempt. A request
 * no longer needed is skipped, and one whose lease ran out on its last
 * attempt is failed: it may or may not have arrived.
 */
export function claimDue(
  db: Db,
  options: ClaimOptions,
): { claimed: DeliveryRow[]; events: TimelineEvent[] } {
  const { now } = options;
  if (options.limit <= 0) {
    return { claimed: [], events: [] };
  }

  return immediate(db, () => {
    const q = statementsFor(db);
    const select = options.remote ? q.dueRemote : q.dueLocal;
    const due = select.all({ now, limit: options.limit });
    const timeline = new TimelineRows(db, now);
    const claimed: DeliveryRow[] = [];
    for (const d of due) {
      const leaseExpired = d.status === "sending";
      const unneeded = whyUnneeded(db, d);
      if (unneeded) {
        moveDelivery(db, timeline, d, { to: "skipped", why: unneeded });
      } else if (leaseExpired && d.attempts >= options.maxAttempts) {
        moveDelivery(db, timeline, d, {
          to: "failed",
          error: `the sender stopped during attempt ${d.attempts}, the last`,
        });
      } else {
        const moved = moveDelivery(db, timeline, d, {
          to: "sending",
          leaseUntil: now + options.leaseMs,
          leaseExpired,
        });
        if (moved) {
          claimed.push(moved);
        }
      }
    }

    return { claimed, events: timeline.events };
  });
}

/** An approval request is moot once its expectation stops waiting. */
function whyUnneeded(db: Db, d: DeliveryRow): string | null {
  if (d.purpose !== "approval_request") {
    return null;
  }
  const key = String(d.target.key);
  const row = db
    .select({ state: expectations.state, entry: entries.state })
    .from(expectations)
    .innerJoin(entries, eq(entries.id, expectations.entryId))
    .where(and(eq(expectations.entryId, d.entryId), eq(expectations.key, key)))
    .get();
  if (row?.state === "waiting" && row.entry === "open") {
    return null;
  }

  return `"${key}" no longer waits for a decision (${row?.state ?? "gone"})`;
}
