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
  const disposition = decide(draft, fragment);
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
  if (outcome === "progress") {
    return disposition;
  }
  if (fragment.definitive && outcome !== "error") {
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

function decide(draft: Draft, fragment: Fragment): Disposition {
  const expectation = draft.expectation(fragment.key);
  if (!expectation) {
    return "buffered";
  }
  if (fragment.outcome === "progress") {
    return "accepted";
  }
  const { state, repeat } = expectation;
  if (state === "waiting" || state === "streaming") {
    draft.moveExpectation(
      expectation,
      fragment.outcome === "error" ? "failed" : "resolved",
    );
    draft.dropTimers({ kind: "timeout", target: expectation.key });
    draft.event(
      fragment.outcome === "error"
        ? "expectation.failed"
        : "expectation.resolved",
      { key: expectation.key, outcome: fragment.outcome },
    );

    return "accepted";
  }
  if (state === "timed_out" && expectation.timeoutAt !== null) {
    fragment.lateByMs = draft.now - expectation.timeoutAt;

    return "late";
  }
  const counts =
    state === "resolved" && fragment.outcome !== "error" && repeat !== "first";
  if (!counts) {
    return "duplicate";
  }
  if (repeat === "last") {
    for (const earlier of draft.fragments) {
      const current =
        earlier.key === fragment.key &&
        earlier.disposition === "accepted" &&
        earlier.outcome !== "progress";
      if (current) {
        draft.setDisposition(earlier, "superseded");
        draft.event("fragment.superseded", {
          fragmentId: earlier.id,
          key: fragment.key,
          by: fragment.id,
        });
      }
    }
  }

  return "accepted";
}
