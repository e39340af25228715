import { Draft } from "./draft";
import { closeEntry, explain, settle } from "./settle";
import type { DueTimer, Plan, Snapshot } from "./store";

export type FiredTimer = "fired" | "gone";

/**
 * Fires one due timer: an entry's deadline, an expectation's timeout, or
 * the end of a buffered fragment's wait. The timer row is deleted in the
 * same transaction, so a timer fires once even across restarts and races.
 */
export function planTimer(
  snapshot: Snapshot | null,
  timer: DueTimer,
  now: number,
): Plan<FiredTimer> {
  if (!snapshot || !snapshot.timerExists) {
    return { changes: [], result: "gone" };
  }
  const draft = new Draft(snapshot, now);
  draft.changes.push({
    type: "timer.delete",
    entryId: timer.entryId,
    id: timer.id,
  });
  if (draft.isOpen) {
    if (timer.kind === "deadline") {
      fireDeadline(draft, timer.dueAt);
    } else if (timer.kind === "timeout") {
      fireTimeout(draft, timer.target ?? "", timer.dueAt);
    } else {
      expireBuffer(draft, timer.target ?? "");
    }
  }

  return { changes: draft.changes, cascade: draft.cascade, result: "fired" };
}

/**
 * Fires what fell due before `now` but has not fired yet, before anything
 * else lands: an arrival after the deadline is late even if the scheduler
 * has not woken up yet, so the outcome never depends on its timing.
 */
export function catchUp(draft: Draft): void {
  const { deadlineAt } = draft.entry;
  if (!draft.isOpen) {
    return;
  }
  if (deadlineAt !== null && deadlineAt < draft.now) {
    fireDeadline(draft, deadlineAt);

    return;
  }
  for (const e of draft.expectations) {
    const overdue = e.timeoutAt !== null && e.timeoutAt < draft.now;
    if (overdue && draft.isOpen && PENDING.includes(e.state)) {
      draft.dropTimers({ kind: "timeout", target: e.key });
      fireTimeout(draft, e.key, e.timeoutAt ?? draft.now);
    }
  }
}

const PENDING = ["waiting", "streaming", "blocked"];

function fireDeadline(draft: Draft, dueAt: number): void {
  const complete = draft.entry.onDeadline === "complete";
  const arrived = draft.expectations.filter((e) => e.state === "resolved");
  draft.event("deadline.fired", { dueAt, lagMs: draft.now - dueAt });
  closeEntry(draft, {
    reason: "deadline",
    verdict: complete ? "completed" : "failed",
    fired: null,
    root: explain(draft),
    deciding: null,
    detail:
      `the deadline passed with ${arrived.length} of ` +
      `${draft.expectations.length} results in` +
      (complete ? "; completed with what arrived" : "; the call failed"),
  });
}

function fireTimeout(draft: Draft, key: string, dueAt: number): void {
  const e = draft.expectation(key);
  if (!e || !["waiting", "streaming", "blocked"].includes(e.state)) {
    return;
  }
  draft.moveExpectation(e, "timed_out");
  draft.event("expectation.timed_out", {
    key,
    dueAt,
    lagMs: draft.now - dueAt,
  });
  settle(draft, null);
}

function expireBuffer(draft: Draft, fragmentId: string): void {
  const fragment = draft.fragments.find(
    (f) => f.id === fragmentId && f.disposition === "buffered",
  );
  if (!fragment) {
    return;
  }
  draft.setDisposition(fragment, "dropped");
  draft.event("fragment.dropped", {
    fragmentId,
    key: fragment.key,
    because: "no expectation took it in time",
  });
}
