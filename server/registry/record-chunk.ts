import { arrive } from "./arrive";
import { Draft } from "./draft";
import { ConflictError, NotFoundError } from "./errors";
import { catchUp } from "./fire-timer";
import { newId } from "./ids";
import { checkActor, type ArrivalContext } from "./record-fragment";
import type { ChunkInput } from "./schemas";
import { settle } from "./settle";
import type { Plan, Snapshot } from "./store";
import type { Chunk, Closure, EntryState } from "./types";

export interface ChunkResult {
  /** `held` waits for an earlier seq; `complete` made the fragment. */
  disposition: "accepted" | "held" | "complete" | "duplicate" | "late";
  fragmentId: string | null;
  entry: { id: string; state: EntryState; closure: Closure | null };
}

/**
 * Records one chunk of a streamed result. Repeated seqs are ignored, gaps
 * are held until filled, and once every seq up to the `done` one is in, the
 * chunks become the expectation's fragment, with payload `{ text }`.
 */
export function planChunk(
  snapshot: Snapshot | null,
  key: string,
  input: ChunkInput,
  ctx: ArrivalContext,
): Plan<ChunkResult> {
  if (!snapshot) {
    throw new NotFoundError("no such entry");
  }
  const draft = new Draft(snapshot, ctx.now);
  catchUp(draft);
  const expectation = draft.expectation(key);
  if (!expectation) {
    throw new NotFoundError(`the entry has no expectation "${key}"`, { key });
  }
  checkActor(expectation, ctx.actor, key);
  const result = (
    disposition: ChunkResult["disposition"],
    id: string | null,
  ) => ({
    changes: draft.changes,
    cascade: draft.cascade,
    result: {
      disposition,
      fragmentId: id,
      entry: {
        id: draft.entry.id,
        state: draft.entry.state,
        closure: draft.closure,
      },
    },
  });
  const known = snapshot.chunks;
  if (known.some((c) => c.seq === input.seq)) {
    return result("duplicate", null);
  }
  const doneAt = known.find((c) => c.done)?.seq;
  if (doneAt !== undefined && input.seq > doneAt) {
    throw new ConflictError(`the stream of "${key}" ended at seq ${doneAt}`, {
      key,
      seq: input.seq,
    });
  }
  const beyond = known.find((c) => c.seq > input.seq);
  if (input.done && beyond) {
    throw new ConflictError(
      `the stream of "${key}" cannot end at seq ${input.seq}: ` +
        `seq ${beyond.seq} is already in`,
      { key, seq: input.seq },
    );
  }
  const chunk: Chunk = {
    entryId: draft.entry.id,
    key,
    seq: input.seq,
    delta: input.delta,
    done: input.done,
    receivedAt: ctx.now,
  };
  draft.changes.push({ type: "chunk.insert", chunk });
  if (!draft.isOpen) {
    draft.event("chunk.late", { key, seq: input.seq });

    return result("late", null);
  }
  if (expectation.state === "blocked") {
    throw new ConflictError(
      `"${key}" is blocked until ${expectation.after.join(", ")} are in`,
      { key },
    );
  }
  if (expectation.state !== "waiting" && expectation.state !== "streaming") {
    draft.event("chunk.ignored", {
      key,
      seq: input.seq,
      state: expectation.state,
    });

    return result("duplicate", null);
  }
  if (expectation.state === "waiting") {
    draft.moveExpectation(expectation, "streaming");
    draft.event("expectation.streaming", { key });
  }
  draft.event("chunk.received", {
    key,
    seq: input.seq,
    delta: input.delta,
    done: input.done,
  });
  const all = [...known, chunk].sort((a, b) => a.seq - b.seq);
  const end = all.find((c) => c.done);
  const inOrder = all.every((c, i) => c.seq === i);
  const complete = end !== undefined && inOrder && all.length === end.seq + 1;
  if (!complete) {
    return result(inOrder ? "accepted" : "held", null);
  }
  const fragment = {
    id: newId("frg", ctx.now),
    entryId: draft.entry.id,
    key,
    outcome: "ok" as const,
    payload: { text: all.map((c) => c.delta).join("") },
    definitive: false,
    disposition: "accepted" as const,
    idempotencyKey: `stream:${key}`,
    source: "stream",
    lateByMs: null,
    receivedAt: ctx.now,
  };
  arrive(draft, fragment, true);
  settle(draft, fragment);

  return result("complete", fragment.id);
}
