import { defaultCriterion } from "./criterion";
import { checkDeciders, type DeciderCheck } from "./deciders";
import { Draft } from "./draft";
import { parseDueTime, parseDuration } from "./duration";
import { ConflictError, NotFoundError, ValidationError } from "./errors";
import { newId } from "./ids";
import type { EntrySpec, ExpectationSpec } from "./schemas";
import type { Plan, Snapshot, Step } from "./store";
import type { Entry, Expectation, ExpectationState, Opener } from "./types";
import { askHuman } from "./settle";
import { findRequesterProblem, findSpecProblems } from "./validate";
import { publicChannel } from "./public-channel";

export interface OpenedEntry {
  id: string;
  state: Entry["state"];
  expectations: { key: string; kind: string; state: ExpectationState }[];
  replayed: boolean;
}

export interface OpenContext {
  now: number;
  /** The stored opener, from `openerId`. */
  openedBy: string;
  requestHash: string | null;
  deciders: DeciderCheck | null;
}

/**
 * Opens an entry, or answers with the one this opener already opened with
 * the same idempotency key; the store looks it up by both, so another
 * opener's entry is never found here, nor named in a conflict.
 */
export function planOpen(
  existing: Snapshot | null,
  spec: EntrySpec,
  ctx: OpenContext,
): Plan<OpenedEntry> {
  if (existing) {
    // The same key with another body is a mistake the caller must see.
    const differs =
      existing.requestHash !== null &&
      ctx.requestHash !== null &&
      existing.requestHash !== ctx.requestHash;
    if (differs) {
      throw new ConflictError(
        "idempotencyKey was already used to open a different entry",
        { entryId: existing.entry.id },
      );
    }

    return { changes: [], result: summary(existing, true) };
  }
  checkRequester(spec);
  const entry = buildEntry(spec, ctx);
  const expectations = spec.expect.map((e) =>
    buildExpectation(entry, e, ctx.now),
  );
  checkSpec(entry, expectations, spec);
  checkDeciders(ctx.deciders, entry.requester, expectations);

  const draft = new Draft(
    { entry, expectations: [], fragments: [], closure: null },
    ctx.now,
  );
  draft.changes.push({
    type: "entry.insert",
    entry,
    requestHash: ctx.requestHash,
  });
  draft.event("entry.opened", {
    requester: entry.requester,
    question: entry.question,
    channel: publicChannel(entry.channel),
    criterion: entry.criterion,
    veto: entry.veto,
    deadlineAt: entry.deadlineAt,
    onDeadline: entry.onDeadline,
    parentEntryId: entry.parentEntryId,
  });
  if (entry.deadlineAt !== null) {
    draft.addTimer("deadline", entry.deadlineAt);
  }
  addExpectationsTo(draft, expectations);

  return {
    changes: draft.changes,
    cascade: spec.parent ? [linkToParent(spec.parent, entry.id, ctx.now)] : [],
    result: summary(draft, false),
  };
}

/** Inserts expectations with their timeline rows and timeout timers. */
export function addExpectationsTo(draft: Draft, list: Expectation[]): void {
  for (const e of list) {
    draft.addExpectation(e);
    draft.event("expectation.added", {
      key: e.key,
      kind: e.kind,
      state: e.state,
      required: e.required,
      after: e.after,
      assignee: e.assignee,
      timeoutAt: e.timeoutAt,
    });
    if (e.timeoutAt !== null) {
      draft.addTimer("timeout", e.timeoutAt, e.key);
    }
    askHuman(draft, e);
  }
}

/** The stored form of an opener: the scope of its idempotency keys. */
export function openerId(opener: Opener): string {
  switch (opener.type) {
    case "api_key":
      return `key:${opener.keyId}`;
    case "user":
      return `user:${opener.userId}`;
    case "system":
      return "system";
  }
}

function buildEntry(
  spec: EntrySpec,
  { now, openedBy }: Pick<OpenContext, "now" | "openedBy">,
): Entry {
  let deadlineAt: number | null = null;
  if (spec.deadline !== undefined) {
    deadlineAt = parseDueTime(spec.deadline, now);
    if (deadlineAt === null) {
      throw new ValidationError(
        "deadline must be a duration (45m) or an ISO 8601 time with a " +
          "zone, at most ten years ahead",
        { deadline: spec.deadline },
      );
    }
    if (deadlineAt <= now) {
      throw new ValidationError("deadline is already past", {
        deadline: spec.deadline,
      });
    }
  }

  return {
    id: newId("ent", now),
    requester: spec.requester,
    question: spec.question,
    channel: spec.channel,
    criterion: spec.criterion ?? defaultCriterion(spec.expect),
    veto: spec.veto,
    deadlineAt,
    onDeadline: spec.onDeadline,
    state: "open",
    parentEntryId: spec.parent?.entryId ?? null,
    parentKey: spec.parent?.key ?? null,
    template: spec.template ?? null,
    metadata: spec.metadata,
    idempotencyKey: spec.idempotencyKey ?? null,
    openedBy,
    createdAt: now,
    closedAt: null,
  };
}

export function buildExpectation(
  entry: Pick<Entry, "id">,
  spec: ExpectationSpec,
  now: number,
): Expectation {
  const timeoutMs =
    spec.timeout === undefined ? null : parseDuration(spec.timeout);
  const blocked = spec.after.length > 0;

  return {
    entryId: entry.id,
    key: spec.key,
    kind: spec.kind,
    state: blocked ? "blocked" : "waiting",
    required: spec.required,
    weight: spec.weight,
    timeoutMs,
    timeoutAt: !blocked && timeoutMs !== null ? now + timeoutMs : null,
    after: spec.after,
    assignee: spec.assignee ?? null,
    prompt: spec.prompt ?? null,
    repeat: spec.repeat,
    definitive: spec.definitive,
    childEntryId: null,
    createdAt: now,
    settledAt: null,
  };
}

function checkRequester(spec: EntrySpec): void {
  const problem = findRequesterProblem(spec);
  if (problem) {
    throw new ValidationError(problem, {
      field: "requester",
      requester: spec.requester,
    });
  }
}

function checkSpec(entry: Entry, list: Expectation[], spec: EntrySpec): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const e of list) {
    if (seen.has(e.key)) {
      problems.push(`expectation "${e.key}" is listed twice`);
    }
    seen.add(e.key);
  }
  if (!spec.criterion && !list.some((e) => e.required)) {
    problems.push(
      "no criterion and no required expectation: nothing to wait for",
    );
  } else {
    problems.push(...findSpecProblems(entry.criterion, list, entry.veto));
  }
  if (problems.length > 0) {
    throw new ValidationError(`the entry can never complete: ${problems[0]}`, {
      problems,
    });
  }
}

function linkToParent(
  parent: { entryId: string; key: string },
  childId: string,
  now: number,
): Step<null> {
  return {
    target: { entryId: parent.entryId },
    plan: (snapshot) => {
      if (!snapshot) {
        throw new NotFoundError("the parent entry does not exist", parent);
      }
      const draft = new Draft(snapshot, now);
      const slot = draft.expectation(parent.key);
      if (!draft.isOpen) {
        throw new ConflictError("the parent entry is already closed", parent);
      }
      if (!slot || slot.kind !== "entry") {
        throw new ValidationError(
          `the parent has no expectation "${parent.key}" of kind entry`,
          parent,
        );
      }
      if (slot.childEntryId) {
        throw new ConflictError(`"${parent.key}" already has a child entry`, {
          ...parent,
          childEntryId: slot.childEntryId,
        });
      }
      draft.moveExpectation(slot, slot.state, { childEntryId: childId });
      draft.event("expectation.linked", {
        key: parent.key,
        childEntryId: childId,
      });

      return { changes: draft.changes, result: null };
    },
  };
}

function summary(
  source: Pick<Snapshot, "entry" | "expectations">,
  replayed: boolean,
): OpenedEntry {
  return {
    id: source.entry.id,
    state: source.entry.state,
    expectations: source.expectations.map((e) => ({
      key: e.key,
      kind: e.kind,
      state: e.state,
    })),
    replayed,
  };
}
