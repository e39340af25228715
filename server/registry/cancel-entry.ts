import { Draft } from "./draft";
import { NotFoundError } from "./errors";
import { closeEntry, explain } from "./settle";
import type { Plan, Snapshot } from "./store";
import type { Closure } from "./types";

export interface CancelResult {
  closure: Closure;
  /** False when the entry had already closed: cancelling twice is a no-op. */
  cancelled: boolean;
}

export function planCancel(
  snapshot: Snapshot | null,
  reason: string | undefined,
  now: number,
): Plan<CancelResult> {
  if (!snapshot) {
    throw new NotFoundError("no such entry");
  }
  const draft = new Draft(snapshot, now);
  if (!draft.isOpen && draft.closure) {
    return {
      changes: [],
      result: { closure: draft.closure, cancelled: false },
    };
  }
  closeEntry(draft, {
    reason: "cancelled",
    verdict: "cancelled",
    fired: null,
    root: explain(draft),
    deciding: null,
    detail: reason ? `cancelled: ${reason}` : "cancelled",
  });

  return {
    changes: draft.changes,
    cascade: draft.cascade,
    result: { closure: closureOf(draft), cancelled: true },
  };
}

function closureOf(draft: Draft): Closure {
  if (!draft.closure) {
    throw new Error("a cancelled entry has a closure");
  }

  return draft.closure;
}
