import type { Draft } from "./draft";
import { closeEntry, explain } from "./settle";
import type { Disposition, Fragment } from "./types";

/**
 * Decides what becomes of a fragment for an existing, unblocked expectation
 * of an open entry, and moves the expectation forward. A definitive result
 * or a veto closes the entry here; the criterion is left to `settle`.
 * `isNew` fragments are inserted; buffered ones get their disposition set.
 */
export function arrive(draft: Draft, fragment: Fragment, isNew: boolean) {
  const { disposition, then } = decide(draft, fragment);
  if (isNew) {
    fragment.disposition = disposition;
    draft.addFragment(fragment);
  } else {
    draft.setDisposition(fragment, disposition);
  }
  const { key, outcome } = fragment;
  if (disposition !== "accepted") {
    draft.event(`fragment.${disposition}`, {
      fragmentId: fragment.id,
      key,
      outcome,
      lateByMs: fragment.lateByMs,
    });

    return disposition;
  }
  draft.event(
    outcome === "progress" ? "fragment.progress" : "fragment.accepted",
    {
      fragmentId: fragment.id,
      key,
      outcome,
      payload: outcome === "progress" ? fragment.payload : null,
      source: fragment.source,
    },
  );
  // The fragment's row comes first on the timeline, then what it caused.
  then?.();
  if (outcome === "progress") {
    return disposition;
  }
  // A buffered fragment was checked before its expectation existed, so the
  // expectation's own `definitive: false` is honoured here too.
  const mayDecide = draft.expectation(key)?.definitive !== false;
  if (fragment.definitive && outcome !== "error" && mayDecide) {
    closeEntry(draft, {
      reason: "definitive",
      verdict: outcome === "ok" ? "completed" : "rejected",
      fired: null,
      root: explain(draft),
      deciding: fragment,
      detail: `"${key}" gave a definitive ${outcome === "ok" ? "answer" : "no"}`,
    });
  } else if (outcome === "negative" && draft.entry.veto.includes(key)) {
    closeEntry(draft, {
      reason: "vetoed",
      verdict: "rejected",
      fired: null,
      root: explain(draft),
      deciding: fragment,
      detail: `"${key}" vetoed it`,
    });
  }

  return disposition;
}

interface Decision {
  disposition: Disposition;
  /** What the accepted fragment changes, written after its own row. */
  then?: () => void;
}

function decide(draft: Draft, fragment: Fragment): Decision {
  const expectation = draft.expectation(fragment.key);
  if (!expectation) {
    return { disposition: "buffered" };
  }
  if (fragment.outcome === "progress") {
    return { disposition: "accepted" };
  }
  const { state, repeat } = expectation;
  if (state === "waiting" || state === "streaming") {
    const failed = fragment.outcome === "error";
    const then = () => {
      draft.moveExpectation(expectation, failed ? "failed" : "resolved");
      if (expectation.timeoutAt !== null) {
        draft.dropTimers({ kind: "timeout", target: expectation.key });
      }
      draft.event(failed ? "expectation.failed" : "expectation.resolved", {
        key: expectation.key,
        outcome: fragment.outcome,
      });
    };

    return { disposition: "accepted", then };
  }
  if (state === "timed_out" && expectation.timeoutAt !== null) {
    fragment.lateByMs = draft.now - expectation.timeoutAt;

    return { disposition: "late" };
  }
  const counts =
    state === "resolved" && fragment.outcome !== "error" && repeat !== "first";
  if (!counts) {
    return { disposition: "duplicate" };
  }
  if (repeat !== "last") {
    return { disposition: "accepted" };
  }
  const earlier = draft.fragments.filter(
    (f) =>
      f.key === fragment.key &&
      f.disposition === "accepted" &&
      f.outcome !== "progress",
  );
  const then = () => {
    for (const f of earlier) {
      draft.setDisposition(f, "superseded");
      draft.event("fragment.superseded", {
        fragmentId: f.id,
        key: fragment.key,
        by: fragment.id,
      });
    }
  };

  return { disposition: "accepted", then };
}
