import { and, desc, eq, inArray, or, gte } from "drizzle-orm";

import type { Db } from "@/db/client";
import { entries, expectations, fragments, timelineEvents } from "@/db/schema";
import type { SessionUser } from "@/server/auth/users";
import { NotFoundError } from "@/server/registry/errors";
import { mayDecide } from "@/server/registry/record-fragment";
import type { Json } from "@/server/registry/types";

const RECENT_MS = 7 * 86_400_000;

export interface ApprovalItem {
  entryId: string;
  key: string;
  state: string;
  question: string;
  requester: string;
  prompt: string | null;
  assignee: string | null;
  waitingSince: number;
  deadlineAt: number | null;
  timeoutAt: number | null;
  canDecide: boolean;
  claimedBy: string | null;
  /** What has arrived so far, by key: the draft the approver judges. */
  draft: { key: string; outcome: string; payload: Json }[];
  decision: {
    outcome: string;
    payload: Json;
    at: number;
    by: string | null;
  } | null;
}

/**
 * The human expectations a person may see: waiting ones they may decide
 * (admins see all, marked whether they may decide), and recently decided
 * ones, with who decided and when.
 */
export function listApprovals(db: Db, user: SessionUser, now: number) {
  const rows = db
    .select({ e: expectations, entry: entries })
    .from(expectations)
    .innerJoin(entries, eq(entries.id, expectations.entryId))
    .where(
      and(
        eq(expectations.kind, "human"),
        or(
          and(eq(expectations.state, "waiting"), eq(entries.state, "open")),
          gte(expectations.settledAt, now - RECENT_MS),
        ),
      ),
    )
    .orderBy(desc(expectations.createdAt))
    .limit(500)
    .all();
  const visible = rows.filter(
    ({ e }) => user.role === "admin" || mayDecide(e, sessionActor(user)),
  );

  return describe(db, visible, user);
}

/** One approval, or not found when this person may not see it. */
export function getApproval(
  db: Db,
  user: SessionUser,
  entryId: string,
  key: string,
): ApprovalItem {
  const row = db
    .select({ e: expectations, entry: entries })
    .from(expectations)
    .innerJoin(entries, eq(entries.id, expectations.entryId))
    .where(and(eq(expectations.entryId, entryId), eq(expectations.key, key)))
    .get();
  // A blocked expectation waits on other results first: no approver
  // sees it until then (an admin still does, as on the calls pages).
  const allowed =
    row &&
    row.e.kind === "human" &&
    (user.role === "admin" ||
      (row.e.state !== "blocked" && mayDecide(row.e, sessionActor(user))));
  if (!row || !allowed) {
    throw new NotFoundError("no such approval", { entryId, key });
  }
  const [item] = describe(db, [row], user);
  if (!item) {
    throw new NotFoundError("no such approval", { entryId, key });
  }

  return item;
}

export function sessionActor(user: SessionUser) {
  return {
    userId: user.id,
    email: user.email,
    role: user.role,
    groups: user.groups,
  };
}

type Row = {
  e: typeof expectations.$inferSelect;
  entry: typeof entries.$inferSelect;
};

function describe(db: Db, rows: Row[], user: SessionUser): ApprovalItem[] {
  if (rows.length === 0) {
    return [];
  }
  const ids = [...new Set(rows.map((r) => r.entry.id))];
  const arrived = db
    .select()
    .from(fragments)
    .where(
      and(
        inArray(fragments.entryId, ids),
        eq(fragments.disposition, "accepted"),
      ),
    )
    .all();
  const events = db
    .select()
    .from(timelineEvents)
    .where(
      and(
        inArray(timelineEvents.entryId, ids),
        inArray(timelineEvents.type, [
          "approval.claimed",
          "expectation.unblocked",
        ]),
      ),
    )
    .orderBy(timelineEvents.id)
    .all();

  return rows.map(({ e, entry }) => {
    const mine = events.filter(
      (ev) => ev.entryId === entry.id && ev.data.key === e.key,
    );
    const claim = mine.filter((ev) => ev.type === "approval.claimed").at(-1);
    const unblocked = mine.find((ev) => ev.type === "expectation.unblocked");
    const decided = arrived.find(
      (f) =>
        f.entryId === entry.id && f.key === e.key && f.outcome !== "progress",
    );

    return {
      entryId: entry.id,
      key: e.key,
      state: e.state,
      question: entry.question,
      requester: entry.requester,
      prompt: e.prompt,
      assignee: e.assignee,
      waitingSince: unblocked?.at ?? e.createdAt,
      deadlineAt: entry.deadlineAt,
      timeoutAt: e.timeoutAt,
      canDecide:
        e.state === "waiting" &&
        mayDecide(e, sessionActor(user)) &&
        entry.requester.toLowerCase() !== user.email.toLowerCase(),
      claimedBy: claim ? String(claim.data.email ?? "") : null,
      draft: arrived
        .filter(
          (f) =>
            f.entryId === entry.id &&
            f.key !== e.key &&
            f.outcome !== "progress",
        )
        .map((f) => ({
          key: f.key,
          outcome: f.outcome,
          payload: (f.payload ?? null) as Json,
        })),
      decision: decided
        ? {
            outcome: decided.outcome,
            payload: (decided.payload ?? null) as Json,
            at: decided.receivedAt,
            by: decided.source,
          }
        : null,
    };
  });
}
