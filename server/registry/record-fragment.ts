import { arrive } from "./arrive";
import { Draft } from "./draft";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from "./errors";
import { catchUp } from "./fire-timer";
import { newId } from "./ids";
import type { FragmentInput } from "./schemas";
import { canonical } from "./criterion";
import { settle } from "./settle";
import type { Plan, Snapshot } from "./store";
import type {
  Closure,
  Disposition,
  EntryState,
  Expectation,
  Fragment,
} from "./types";

/** Who is posting: decides who may fill a human expectation. */
export type Actor =
  | { type: "system" }
  | { type: "api_key"; keyId: string }
  | { type: "token"; entryId: string; key: string }
  | {
      type: "user";
      userId: string;
      email: string;
      role: "user" | "approver" | "admin";
      groups: string[];
    };

export interface ArrivalContext {
  now: number;
  actor: Actor;
  bufferTtlMs: number;
}

export interface FragmentResult {
  fragmentId: string;
  disposition: Disposition;
  /** True when an earlier post with the same idempotency key answered. */
  replayed: boolean;
  entry: { id: string; state: EntryState; closure: Closure | null };
}

export function planFragment(
  snapshot: Snapshot | null,
  input: FragmentInput,
  ctx: ArrivalContext,
): Plan<FragmentResult> {
  if (!snapshot) {
    throw new NotFoundError("no such entry");
  }
  if (snapshot.prior) {
    return replay(snapshot, snapshot.prior, input);
  }
  const draft = new Draft(snapshot, ctx.now);
  catchUp(draft);
  const expectation = draft.expectation(input.key);
  checkActor(expectation, ctx.actor, input.key);
  checkNotOwnRequest(draft.entry.requester, expectation, ctx.actor);
  checkDefinitive(expectation, input);
  const fragment: Fragment = {
    id: newId("frg", ctx.now),
    entryId: draft.entry.id,
    key: input.key,
    outcome: input.outcome,
    payload: input.payload ?? null,
    definitive: input.definitive,
    disposition: "accepted",
    idempotencyKey: input.idempotencyKey ?? null,
    source: input.source ?? null,
    lateByMs: null,
    receivedAt: ctx.now,
  };
  if (!draft.isOpen) {
    recordLate(draft, fragment);
  } else if (!expectation || expectation.state === "blocked") {
    recordBuffered(draft, fragment, ctx.bufferTtlMs, expectation);
  } else {
    arrive(draft, fragment, true);
    settle(draft, fragment);
  }

  return {
    changes: draft.changes,
    cascade: draft.cascade,
    result: {
      fragmentId: fragment.id,
      disposition: fragment.disposition,
      replayed: false,
      entry: {
        id: draft.entry.id,
        state: draft.entry.state,
        closure: draft.closure,
      },
    },
  };
}

export function recordLate(draft: Draft, fragment: Fragment): void {
  fragment.disposition = "late";
  fragment.lateByMs = draft.now - (draft.entry.closedAt ?? draft.now);
  draft.addFragment(fragment);
  draft.event("fragment.late", {
    fragmentId: fragment.id,
    key: fragment.key,
    outcome: fragment.outcome,
    lateByMs: fragment.lateByMs,
  });
}

function recordBuffered(
  draft: Draft,
  fragment: Fragment,
  ttlMs: number,
  expectation: Expectation | undefined,
): void {
  fragment.disposition = "buffered";
  draft.addFragment(fragment);
  const until = draft.now + ttlMs;
  draft.addTimer("buffer", until, fragment.id);
  draft.event("fragment.buffered", {
    fragmentId: fragment.id,
    key: fragment.key,
    outcome: fragment.outcome,
    because: expectation
      ? "the expectation is blocked"
      : "no such expectation yet",
    until,
  });
}

function replay(
  snapshot: Snapshot,
  prior: Fragment,
  input: FragmentInput,
): Plan<FragmentResult> {
  const same =
    prior.key === input.key &&
    prior.outcome === input.outcome &&
    canonical(prior.payload) === canonical(input.payload ?? null);
  if (!same) {
    throw new ConflictError(
      "idempotencyKey was already used for a different fragment",
      { idempotencyKey: input.idempotencyKey, fragmentId: prior.id },
    );
  }

  return {
    changes: [],
    result: {
      fragmentId: prior.id,
      disposition: prior.disposition,
      replayed: true,
      entry: {
        id: snapshot.entry.id,
        state: snapshot.entry.state,
        closure: snapshot.closure,
      },
    },
  };
}

/** Only a signed-in approver allowed for it may fill a human expectation. */
export function checkActor(
  expectation: Expectation | undefined,
  actor: Actor,
  key: string,
): void {
  if (actor.type === "token" && actor.key !== key) {
    throw new ForbiddenError(`this link may only post to "${actor.key}"`);
  }
  if (!expectation || expectation.kind !== "human" || actor.type === "system") {
    return;
  }
  if (actor.type !== "user") {
    throw new ForbiddenError(
      `"${key}" is a human expectation: only a signed-in approver decides it`,
    );
  }
  if (!mayDecide(expectation, actor)) {
    throw new ForbiddenError(`you are not an approver of "${key}"`);
  }
}

export function mayDecide(
  expectation: Pick<Expectation, "assignee">,
  user: Omit<Extract<Actor, { type: "user" }>, "type">,
): boolean {
  const assignee = expectation.assignee;
  if (!assignee) {
    return user.role === "approver" || user.role === "admin";
  }
  if (assignee.startsWith("group:")) {
    return user.groups.includes(assignee.slice("group:".length));
  }

  return assignee === user.email || assignee === user.userId;
}

/** Whoever asked cannot also be the human who approves it. */
export function checkNotOwnRequest(
  requester: string,
  expectation: Expectation | undefined,
  actor: Actor,
): void {
  const own =
    expectation?.kind === "human" &&
    actor.type === "user" &&
    isOwnRequest(requester, actor.email);
  if (own) {
    throw new ForbiddenError(
      `"${expectation.key}" asks someone other than the requester to decide`,
    );
  }
}

export function isOwnRequest(requester: string, email: string): boolean {
  return email.toLowerCase() === requester.toLowerCase();
}

function checkDefinitive(
  expectation: Expectation | undefined,
  input: FragmentInput,
): void {
  if (!input.definitive) {
    return;
  }
  if (input.outcome !== "ok" && input.outcome !== "negative") {
    throw new ValidationError(
      "only an ok or negative fragment can be definitive",
      {
        outcome: input.outcome,
      },
    );
  }
  if (expectation && !expectation.definitive) {
    throw new ValidationError(
      `"${expectation.key}" was opened with definitive: false`,
    );
  }
}
