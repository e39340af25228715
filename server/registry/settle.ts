import { arrive } from "./arrive";
import { evaluateCriterion, firingClause } from "./criterion";
import type { Draft } from "./draft";
import { planFragment } from "./record-fragment";
import type {
  ClosureReason,
  Expectation,
  ExplanationNode,
  Fragment,
  Json,
  Verdict,
} from "./types";

const ENDED = ["failed", "timed_out", "cancelled"];

/**
 * Brings an open entry up to date after a change: unblocks expectations
 * whose `after` keys are in, applies fragments buffered for them, then
 * evaluates the criterion and closes the entry when it is met or can no
 * longer be met.
 */
export function settle(draft: Draft, trigger: Fragment | null): void {
  unblock(draft);
  if (!draft.isOpen) {
    return;
  }
  const root = explain(draft);
  if (root.met) {
    const fired = firingClause(root);
    closeEntry(draft, {
      reason: "criterion_met",
      verdict: "completed",
      fired,
      root,
      deciding: trigger,
      detail: `${fired.clause}: met`,
    });
  } else if (!root.possible) {
    const blocker = firstImpossible(root);
    closeEntry(draft, {
      reason: "unsatisfiable",
      verdict: "failed",
      fired: blocker,
      root,
      deciding: trigger,
      detail: `${blocker.clause}: can no longer be met`,
    });
  }
}

/** The criterion over the draft as it stands now. */
export function explain(draft: Draft): ExplanationNode {
  const current = draft.fragments.filter(
    (f) => f.disposition === "accepted" && f.outcome !== "progress",
  ) as (Fragment & { outcome: "ok" | "negative" | "error" })[];

  return evaluateCriterion(
    draft.entry.criterion,
    draft.expectations,
    current,
    draft.isOpen,
  );
}

function unblock(draft: Draft): void {
  let changed = true;
  while (changed && draft.isOpen) {
    changed = false;
    for (const e of draft.expectations) {
      if (e.state !== "blocked" || !draft.isOpen) {
        continue;
      }
      const deps = e.after.map((key) => draft.expectation(key));
      const failed = deps.find((d) => d && ENDED.includes(d.state));
      if (failed) {
        draft.moveExpectation(e, "failed");
        draft.event("expectation.failed", {
          key: e.key,
          because: `"${failed.key}" ${failed.state.replace("_", " ")}`,
        });
        changed = true;
      } else if (deps.every((d) => d?.state === "resolved")) {
        startWaiting(draft, e.key);
        changed = true;
      }
    }
  }
}

/** Moves an expectation to `waiting`, starts its timeout, applies buffers. */
export function startWaiting(draft: Draft, key: string): void {
  const e = draft.expectation(key);
  if (!e) {
    return;
  }
  const timeoutAt = e.timeoutMs === null ? null : draft.now + e.timeoutMs;
  const wasBlocked = e.state === "blocked";
  draft.moveExpectation(e, "waiting", { timeoutAt });
  if (wasBlocked) {
    draft.event("expectation.unblocked", { key });
  }
  if (timeoutAt !== null) {
    draft.addTimer("timeout", timeoutAt, key);
  }
  askHuman(draft, e);
  applyBuffered(draft, key);
}

/**
 * A human expectation that starts waiting queues an approval request, in
 * the same transaction: approvers hear of it exactly when they may act.
 */
export function askHuman(draft: Draft, e: Expectation): void {
  if (e.kind === "human" && e.state === "waiting") {
    draft.enqueue("approval_request", { key: e.key });
    draft.event("approval.requested", { key: e.key, assignee: e.assignee });
  }
}

/** Applies the fragments buffered for `key`; returns those it applied. */
export function applyBuffered(draft: Draft, key: string): Fragment[] {
  const waiting = draft.fragments.filter(
    (f) => f.key === key && f.disposition === "buffered",
  );
  const applied: Fragment[] = [];
  for (const fragment of waiting) {
    if (!draft.isOpen) {
      break;
    }
    draft.dropTimers({ kind: "buffer", target: fragment.id });
    if (draft.expectation(key)?.kind === "human") {
      // Humans decide in the console on what they can see; a buffered
      // result cannot stand in for that decision.
      draft.setDisposition(fragment, "dropped");
      draft.event("fragment.dropped", {
        fragmentId: fragment.id,
        key,
        because: "a human expectation is decided by a signed-in approver",
      });
      continue;
    }
    draft.event("fragment.applied", { fragmentId: fragment.id, key });
    arrive(draft, fragment, false);
    applied.push(fragment);
  }

  return applied;
}

interface CloseArgs {
  reason: ClosureReason;
  verdict: Verdict;
  fired: ExplanationNode | null;
  root: ExplanationNode | null;
  deciding: Fragment | null;
  detail: string;
}

/**
 * Records the closure and everything it implies, in the same plan: waiting
 * expectations are cancelled, timers and buffers dropped, the completion
 * queued, and a child entry's result handed to its parent.
 */
export function closeEntry(draft: Draft, args: CloseArgs): void {
  const closure = {
    entryId: draft.entry.id,
    reason: args.reason,
    verdict: args.verdict,
    clause: args.fired?.clause ?? null,
    clausePath: args.fired?.path ?? null,
    decidingFragmentId: args.deciding?.id ?? null,
    explanation: args.root,
    detail: args.detail,
    closedAt: draft.now,
  };
  draft.close(closure);
  draft.event("entry.closed", {
    reason: closure.reason,
    verdict: closure.verdict,
    clause: closure.clause,
    clausePath: closure.clausePath,
    decidingFragmentId: closure.decidingFragmentId,
    decidingKey: args.deciding?.key ?? null,
    detail: closure.detail,
  });
  for (const e of draft.expectations) {
    if (["waiting", "blocked", "streaming"].includes(e.state)) {
      draft.moveExpectation(e, "cancelled");
      draft.event("expectation.cancelled", { key: e.key });
    }
  }
  for (const f of draft.fragments) {
    if (f.disposition === "buffered") {
      draft.setDisposition(f, "dropped");
      draft.event("fragment.dropped", {
        fragmentId: f.id,
        key: f.key,
        because: "the entry closed before the expectation was added",
      });
    }
  }
  draft.dropTimers();
  draft.enqueue("completion", {
    reason: closure.reason,
    verdict: closure.verdict,
  });
  draft.event("completion.queued", {});
  handToParent(draft, closure.verdict, closure.reason);
}

function handToParent(draft: Draft, verdict: Verdict, reason: string): void {
  const { parentEntryId, parentKey, id } = draft.entry;
  if (!parentEntryId || !parentKey) {
    return;
  }
  const outcome =
    verdict === "completed"
      ? "ok"
      : verdict === "rejected"
        ? "negative"
        : "error";
  const results: Record<string, Json> = {};
  for (const f of draft.fragments) {
    if (f.disposition === "accepted" && f.outcome !== "progress") {
      results[f.key] = f.payload;
    }
  }
  const now = draft.now;
  draft.cascade.push({
    target: { entryId: parentEntryId },
    load: { fragmentIdempotencyKey: `child:${id}` },
    plan: (snapshot) =>
      planFragment(
        snapshot,
        {
          key: parentKey,
          outcome,
          payload: { entryId: id, verdict, reason, results },
          definitive: false,
          idempotencyKey: `child:${id}`,
          source: `entry:${id}`,
        },
        { now, actor: { type: "system" }, bufferTtlMs: 0 },
      ),
  });
}

function firstImpossible(node: ExplanationNode): ExplanationNode {
  for (const child of node.children) {
    if (!child.possible) {
      return firstImpossible(child);
    }
  }

  return node;
}
