import type {
  Chunk,
  Closure,
  Entry,
  Expectation,
  ExpectationState,
  Fragment,
  Json,
  TimelineEvent,
} from "./types";

/**
 * The registry's narrow door to storage. The core plans changes as plain
 * data from a snapshot; a store loads the snapshot and applies the plan in
 * one transaction. SQLite implements it today; PostgreSQL can implement the
 * same contract (row locks instead of SQLite's single writer).
 */

export interface Snapshot {
  entry: Entry;
  expectations: Expectation[];
  /** Fragments that still matter: accepted, buffered (results, no progress). */
  fragments: Fragment[];
  closure: Closure | null;
  /** Hash of the request that opened the entry, for idempotent retries. */
  requestHash: string | null;
  /** The earlier fragment with the requested idempotency key, if any. */
  prior: Fragment | null;
  /** The stream of the requested chunk's key, when a chunk is loaded. */
  stream: StreamSnapshot | null;
  /** Whether the requested timer still exists (it fires at most once). */
  timerExists: boolean;
}

export interface LoadOptions {
  fragmentIdempotencyKey?: string;
  chunk?: { key: string; seq: number };
  timerId?: number;
}

/** What the chunks stored for one key add up to. */
export interface StreamState {
  chunkCount: number;
  /** The highest seq stored. */
  lastSeq: number;
  /** The seq of the chunk marked done, once one is in. */
  doneSeq: number | null;
  /** UTF-8 bytes of the stored deltas together. */
  bytes: number;
}

/**
 * A stream as one chunk needs it: the summary, whether the chunk's seq is
 * already stored, and the stored chunks themselves only on request, read
 * in the step's transaction (once, when the stream completes).
 */
export interface StreamSnapshot {
  /** Null until the first chunk of the key is stored. */
  state: StreamState | null;
  seqStored: boolean;
  readChunks(): Chunk[];
}

export type TimerKind = "deadline" | "timeout" | "buffer";

export type Change =
  | { type: "entry.insert"; entry: Entry; requestHash: string | null }
  | { type: "entry.close"; closure: Closure }
  | { type: "expectation.insert"; expectation: Expectation }
  | {
      type: "expectation.update";
      entryId: string;
      key: string;
      state: ExpectationState;
      timeoutAt: number | null;
      settledAt: number | null;
      childEntryId: string | null;
    }
  | { type: "fragment.insert"; fragment: Fragment }
  | {
      type: "fragment.update";
      id: string;
      disposition: Fragment["disposition"];
    }
  | { type: "chunk.insert"; chunk: Chunk }
  | {
      type: "timeline";
      entryId: string;
      event: string;
      data: Record<string, Json>;
      at: number;
    }
  | {
      type: "timer.insert";
      entryId: string;
      kind: TimerKind;
      target: string | null;
      dueAt: number;
    }
  /** Deletes matching timers; with `id`, exactly that one. */
  | {
      type: "timer.delete";
      entryId: string;
      id?: number;
      kind?: TimerKind;
      target?: string;
    }
  | {
      type: "outbox.insert";
      entryId: string;
      kind: string;
      payload: Record<string, Json>;
      at: number;
    };

export type EntryTarget =
  { entryId: string } | { openedBy: string; idempotencyKey: string };

/** A unit of work on one entry, planned from its snapshot. */
export interface Step<R> {
  /** The entry to load; for a new entry, its opener's key may find it. */
  target: EntryTarget | null;
  load?: LoadOptions;
  plan: (snapshot: Snapshot | null) => Plan<R>;
}

export interface Plan<R> {
  changes: Change[];
  result: R;
  /** Work on other entries in the same transaction (a child's parent). */
  cascade?: Step<unknown>[];
}

export interface Committed<R> {
  result: R;
  events: TimelineEvent[];
  /** Due times of timers this commit added. */
  dueTimes: number[];
}

export interface DueTimer {
  id: number;
  entryId: string;
  kind: TimerKind;
  target: string | null;
  dueAt: number;
}

export interface EntryRecord {
  entry: Entry;
  expectations: Expectation[];
  fragments: Fragment[];
  closure: Closure | null;
}

export interface RegistryStore {
  /** Loads, plans and applies a step and its cascade in one transaction. */
  commit<R>(step: Step<R>): Promise<Committed<R>>;
  readEntry(entryId: string): Promise<EntryRecord | null>;
  readTimeline(
    entryId: string,
    afterId: number,
    limit: number,
  ): Promise<TimelineEvent[]>;
  dueTimers(now: number, limit: number): Promise<DueTimer[]>;
  nextDueAt(): Promise<number | null>;
  close(): Promise<void>;
}
