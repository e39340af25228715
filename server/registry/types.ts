/**
 * The registry's model. Times are epoch milliseconds; JSON values are plain
 * data. States only move forward: an entry goes open → closed once, an
 * expectation leaves `waiting`/`blocked`/`streaming` once.
 */

export type Json =
  null | boolean | number | string | Json[] | { [key: string]: Json };

export type EntryState = "open" | "closed";

export type ExpectationState =
  | "waiting"
  | "blocked"
  | "streaming"
  | "resolved"
  | "failed"
  | "timed_out"
  | "cancelled";

export const PENDING_STATES: readonly ExpectationState[] = [
  "waiting",
  "blocked",
  "streaming",
];

export type Outcome = "ok" | "negative" | "error" | "progress";

export type Disposition =
  "accepted" | "duplicate" | "superseded" | "late" | "buffered" | "dropped";

export type Repeat = "first" | "last" | "collect";

export type OnDeadline = "complete" | "fail";

export type ClosureReason =
  | "criterion_met"
  | "definitive"
  | "vetoed"
  | "deadline"
  | "unsatisfiable"
  | "cancelled";

/** What the closure means for the person who asked. */
export type Verdict = "completed" | "rejected" | "failed" | "cancelled";

export type Selector = string[] | { kind: string } | "*";

export type Criterion =
  | { all: Selector }
  | { any: Selector }
  | { atLeast: number; of: Selector }
  | { weight: number; of: Selector }
  | { agree: number; of: Selector; on: string }
  | { and: Criterion[] }
  | { or: Criterion[] };

export interface Channel {
  kind: string;
  [key: string]: Json;
}

export interface Entry {
  id: string;
  requester: string;
  question: string;
  channel: Channel;
  criterion: Criterion;
  veto: string[];
  deadlineAt: number | null;
  onDeadline: OnDeadline;
  state: EntryState;
  parentEntryId: string | null;
  parentKey: string | null;
  template: string | null;
  metadata: Record<string, Json>;
  idempotencyKey: string | null;
  /** `key:ID`, `user:ID` or `system`: see `openerId`. */
  openedBy: string;
  createdAt: number;
  closedAt: number | null;
}

/** Who opens an entry: an idempotency key is unique per opener. */
export type Opener =
  | { type: "system" }
  | { type: "api_key"; keyId: string }
  | { type: "user"; userId: string };

export interface Expectation {
  entryId: string;
  key: string;
  kind: string;
  state: ExpectationState;
  required: boolean;
  weight: number;
  timeoutMs: number | null;
  timeoutAt: number | null;
  after: string[];
  assignee: string | null;
  prompt: string | null;
  repeat: Repeat;
  definitive: boolean;
  childEntryId: string | null;
  createdAt: number;
  settledAt: number | null;
}

export interface Fragment {
  id: string;
  entryId: string;
  key: string;
  outcome: Outcome;
  payload: Json;
  definitive: boolean;
  disposition: Disposition;
  idempotencyKey: string | null;
  source: string | null;
  lateByMs: number | null;
  receivedAt: number;
}

export interface Chunk {
  entryId: string;
  key: string;
  seq: number;
  delta: string;
  done: boolean;
  receivedAt: number;
}

export interface ExplanationNode {
  op: "all" | "any" | "atLeast" | "weight" | "agree" | "and" | "or";
  /** Where the clause sits in the criterion: `$`, `$.and[1]`, … */
  path: string;
  /** The clause in words, e.g. `all of budget, policy`. */
  clause: string;
  met: boolean;
  /** Whether arrivals still to come could make it met. */
  possible: boolean;
  /** The fragments that meet it (or count toward it). */
  fragmentIds: string[];
  children: ExplanationNode[];
}

export interface Closure {
  entryId: string;
  reason: ClosureReason;
  verdict: Verdict;
  /** The clause that fired, in words, and its path. */
  clause: string | null;
  clausePath: string | null;
  decidingFragmentId: string | null;
  explanation: ExplanationNode | null;
  detail: string;
  closedAt: number;
}

export interface TimelineEvent {
  id: number;
  entryId: string;
  type: string;
  data: Record<string, Json>;
  at: number;
}
