import { arrive } from "./arrive";
import { Draft } from "./draft";
import { ConflictError, NotFoundError, TooLargeError } from "./errors";
import { catchUp } from "./fire-timer";
import { newId } from "./ids";
import { checkActor, type ArrivalContext } from "./record-fragment";
import type { ChunkInput } from "./schemas";
import { settle } from "./settle";
import type { Plan, Snapshot, StreamState } from "./store";
import type { Chunk, Closure, EntryState } from "./types";

export interface ChunkResult {
  /** `held` waits for an earlier seq; `complete` made the fragment. */
  disposition: "accepted" | "held" | "complete" | "duplicate" | "late";
  fragmentId: string | null;
  entry: { id: string; state: EntryState; closure: Closure | null };
}

export interface StreamContext extends ArrivalContext {
  /** The largest assembled text a stream may reach, in UTF-8 bytes. */
  streamLimitBytes: number;
}

const EMPTY: StreamState = {
  chunkCount: 0,
  lastSeq: -1,
  doneSeq: null,
  bytes: 0,
};

/**
 * Records one chunk of a streamed result. Repeated seqs are ignored, gaps
 * are held until filled, and once every seq up to the `done` one is in, the
 * chunks become the expectation's fragment, with payload `{ text }`.
 * A chunk is checked against its stream's summary; the stored chunks are
 * read only once, by the chunk that completes the stream.
 */
export function planChunk(
  snapshot: Snapshot | null,
  key: string,
  input: ChunkInput,
  ctx: StreamContext,
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
  const stream = snapshot.stream;
  if (!stream) {
    throw new Error("a chunk is planned without its stream loaded");
  }
  if (stream.seqStored) {
    return result("duplicate", null);
  }
  const state = stream.state ?? EMPTY;
  checkOrder(state, key, input);
  checkSize(state, key, input, ctx.streamLimitBytes);
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
  // Seqs are unique and none passes the done one: the stream is whole
  // when as many chunks are in as the highest seq calls for.
  const count = state.chunkCount + 1;
  const last = Math.max(state.lastSeq, input.seq);
  const inOrder = count === last + 1;
  const doneAt = state.doneSeq ?? (input.done ? input.seq : null);
  if (doneAt === null || !inOrder) {
    return result(inOrder ? "accepted" : "held", null);
  }
  const text = [...stream.readChunks(), chunk]
    .sort((a, b) => a.seq - b.seq)
    .map((c) => c.delta)
    .join("");
  const fragment = {
    id: newId("frg", ctx.now),
    entryId: draft.entry.id,
    key,
    outcome: "ok" as const,
    payload: { text },
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

/** No chunk past the done one, and no end below a seq already in. */
function checkOrder(state: StreamState, key: string, input: ChunkInput) {
  if (state.doneSeq !== null && input.seq > state.doneSeq) {
    throw new ConflictError(
      `the stream of "${key}" ended at seq ${state.doneSeq}`,
      { key, seq: input.seq },
    );
  }
  if (input.done && state.lastSeq > input.seq) {
    throw new ConflictError(
      `the stream of "${key}" cannot end at seq ${input.seq}: ` +
        `seq ${state.lastSeq} is already in`,
      { key, seq: input.seq },
    );
  }
}

/** Late and ignored chunks are stored too, so every chunk counts. */
function checkSize(
  state: StreamState,
  key: string,
  input: ChunkInput,
  limitBytes: number,
) {
  const deltaBytes = Buffer.byteLength(input.delta);
  if (state.bytes + deltaBytes > limitBytes) {
    throw new TooLargeError(
      `the stream of "${key}" would pass its limit of ${limitBytes} bytes ` +
        `(${state.bytes} stored, this chunk ${deltaBytes})`,
      {
        key,
        seq: input.seq,
        limitBytes,
        storedBytes: state.bytes,
        chunkBytes: deltaBytes,
      },
    );
  }
}
