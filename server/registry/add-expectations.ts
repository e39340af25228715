import { checkDeciders, type DeciderCheck } from "./deciders";
import { Draft } from "./draft";
import { catchUp } from "./fire-timer";
import { ConflictError, NotFoundError, ValidationError } from "./errors";
import { addExpectationsTo, buildExpectation } from "./open-entry";
import { MAX_EXPECTATIONS, type ExpectationSpec } from "./schemas";
import { applyBuffered, settle } from "./settle";
import type { Plan, Snapshot } from "./store";
import type { Closure, EntryState, ExpectationState } from "./types";
import { findCycle } from "./validate";

export interface AddedExpectations {
  entry: { id: string; state: EntryState; closure: Closure | null };
  expectations: { key: string; kind: string; state: ExpectationState }[];
}

/**
 * Adds expectations to an open entry (a call that fans out further).
 * Fragments buffered for the new keys are applied at once.
 */
export function planAddExpectations(
  snapshot: Snapshot | null,
  specs: ExpectationSpec[],
  ctx: { now: number; deciders: DeciderCheck | null },
): Plan<AddedExpectations> {
  const { now } = ctx;
  if (!snapshot) {
    throw new NotFoundError("no such entry");
  }
  const draft = new Draft(snapshot, now);
  catchUp(draft);
  if (!draft.isOpen) {
    throw new ConflictError("the entry is closed; nothing can be added", {
      closure: draft.closure?.reason ?? null,
    });
  }
  const added = specs.map((spec) => buildExpectation(draft.entry, spec, now));
  checkAdditions(draft, added);
  checkDeciders(ctx.deciders, draft.entry.requester, added);
  addExpectationsTo(draft, added);
  // A buffered fragment applied here is what tips the criterion, if any.
  const applied = added
    .filter((e) => e.state === "waiting")
    .flatMap((e) => applyBuffered(draft, e.key));
  settle(draft, applied.at(-1) ?? null);

  return {
    changes: draft.changes,
    cascade: draft.cascade,
    result: {
      entry: {
        id: draft.entry.id,
        state: draft.entry.state,
        closure: draft.closure,
      },
      expectations: added.map((e) => ({
        key: e.key,
        kind: e.kind,
        state: draft.expectation(e.key)?.state ?? e.state,
      })),
    },
  };
}

function checkAdditions(
  draft: Draft,
  added: { key: string; after: string[] }[],
) {
  const total = draft.expectations.length + added.length;
  if (total > MAX_EXPECTATIONS) {
    throw new ValidationError(
      `an entry holds at most ${MAX_EXPECTATIONS} expectations: it has ` +
        `${draft.expectations.length}, and ${added.length} more were asked`,
      {
        limit: MAX_EXPECTATIONS,
        expectations: draft.expectations.length,
        added: added.length,
      },
    );
  }
  const keys = new Set(draft.expectations.map((e) => e.key));
  for (const e of added) {
    if (keys.has(e.key)) {
      throw new ConflictError(`the entry already expects "${e.key}"`, {
        key: e.key,
      });
    }
    keys.add(e.key);
  }
  for (const e of added) {
    const unknown = e.after.find((k) => !keys.has(k));
    if (unknown) {
      throw new ValidationError(`"${e.key}" waits after unknown "${unknown}"`);
    }
  }
  const cycle = findCycle([...draft.expectations, ...added]);
  if (cycle) {
    throw new ValidationError(`"after" has a cycle: ${cycle.join(" → ")}`);
  }
}
