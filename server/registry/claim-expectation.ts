import { Draft } from "./draft";
import { ConflictError, NotFoundError, ValidationError } from "./errors";
import { checkActor, type Actor } from "./record-fragment";
import type { Plan, Snapshot } from "./store";

export interface ClaimResult {
  key: string;
  claimedBy: string;
}

/**
 * Marks a waiting human expectation as taken by an approver, so others see
 * who is on it. A claim decides nothing and can be taken over; it lives on
 * the timeline as `approval.claimed`.
 */
export function planClaim(
  snapshot: Snapshot | null,
  key: string,
  actor: Actor,
  now: number,
): Plan<ClaimResult> {
  if (!snapshot) {
    throw new NotFoundError("no such entry");
  }
  const draft = new Draft(snapshot, now);
  const expectation = draft.expectation(key);
  if (!expectation) {
    throw new NotFoundError(`the entry has no expectation "${key}"`, { key });
  }
  if (expectation.kind !== "human" || actor.type !== "user") {
    throw new ValidationError("only a human expectation can be claimed");
  }
  checkActor(expectation, actor, key);
  if (!draft.isOpen || expectation.state !== "waiting") {
    throw new ConflictError(`"${key}" is no longer waiting for a decision`, {
      state: expectation.state,
    });
  }
  draft.event("approval.claimed", {
    key,
    userId: actor.userId,
    email: actor.email,
  });

  return {
    changes: draft.changes,
    result: { key, claimedBy: actor.email },
  };
}
