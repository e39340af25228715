import { and, eq, sql } from "drizzle-orm";

import type { Db } from "@/db/client";
import { expectations } from "@/db/schema";
import { loadUser, type SessionUser } from "@/server/auth/users";
import { mayDecide } from "@/server/registry/record-fragment";
import type { Registry } from "@/server/registry/registry";
import type { TimelineEvent } from "@/server/registry/types";

import { sessionActor } from "./approvals";

/** One human expectation whose place in someone's queue changed. */
export interface ApprovalChange {
  entryId: string;
  key: string;
  /** The timeline event that changed it, e.g. `approval.claimed`. */
  change: string;
}

/** Events that move a human expectation into, within or out of a queue. */
const CHANGES = new Set([
  "expectation.added",
  "expectation.unblocked",
  "approval.claimed",
  "fragment.accepted",
  "fragment.duplicate",
  "fragment.late",
  "expectation.resolved",
  "expectation.failed",
  "expectation.timed_out",
  "expectation.cancelled",
]);

/**
 * Tells one person, after commit, about changes to the human expectations
 * they may act on (assigned to them or their groups, and no longer
 * blocked); an admin hears of all of them. Role and groups are read again for each change, so a
 * person taken out of a group stops hearing of it at once. Returns `off`.
 * Per process, like the live bus.
 */
export function watchApprovals(
  registry: Pick<Registry, "events">,
  db: Db,
  user: SessionUser,
  listener: (change: ApprovalChange) => void,
): () => void {
  const humanSlot = db
    .select({
      kind: expectations.kind,
      assignee: expectations.assignee,
      state: expectations.state,
    })
    .from(expectations)
    .where(
      and(
        eq(expectations.entryId, sql.placeholder("entryId")),
        eq(expectations.key, sql.placeholder("key")),
      ),
    )
    .prepare();

  const onTimeline = (event: TimelineEvent) => {
    const key = event.data.key;
    if (!CHANGES.has(event.type) || typeof key !== "string") {
      return;
    }
    const slot = humanSlot.get({ entryId: event.entryId, key });
    if (slot?.kind !== "human") {
      return;
    }
    const current = loadUser(db, user.id);
    const visible =
      current !== null &&
      (current.role === "admin" ||
        (current.role === "approver" &&
          slot.state !== "blocked" &&
          mayDecide(slot, sessionActor(current))));
    if (visible) {
      listener({ entryId: event.entryId, key, change: event.type });
    }
  };
  registry.events.on("timeline", onTimeline);

  return () => {
    registry.events.off("timeline", onTimeline);
  };
}
