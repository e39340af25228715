import { z } from "zod";

import {
  chunkInputSchema,
  criterionSchema,
  entrySpecSchema,
  expectationSpecSchema,
  fragmentInputSchema,
  jsonSchema,
  selectorSchema,
} from "@/server/registry/schemas";

/**
 * The v1 contract: request schemas are the registry's own (the same ones
 * that validate), response schemas are written here beside the views.
 * The OpenAPI document is generated from these.
 */

const time = z.iso.datetime();
const entryState = z.enum(["open", "closed"]);
const expectationState = z.enum([
  "waiting",
  "blocked",
  "streaming",
  "resolved",
  "failed",
  "timed_out",
  "cancelled",
]);
const disposition = z.enum([
  "accepted",
  "duplicate",
  "superseded",
  "late",
  "buffered",
  "dropped",
]);
const reason = z.enum([
  "criterion_met",
  "definitive",
  "vetoed",
  "deadline",
  "unsatisfiable",
  "cancelled",
]);
const verdict = z.enum(["completed", "rejected", "failed", "cancelled"]);

interface Explanation {
  op: "all" | "any" | "atLeast" | "weight" | "agree" | "and" | "or";
  path: string;
  clause: string;
  met: boolean;
  possible: boolean;
  fragmentIds: string[];
  children: Explanation[];
}

export const explanationSchema: z.ZodType<Explanation> = z.lazy(() =>
  z.object({
    op: z.enum(["all", "any", "atLeast", "weight", "agree", "and", "or"]),
    path: z.string(),
    clause: z.string(),
    met: z.boolean(),
    possible: z.boolean(),
    fragmentIds: z.array(z.string()),
    children: z.array(explanationSchema),
  }),
);

export const closureSchema = z.object({
  reason,
  verdict,
  clause: z.string().nullable(),
  clausePath: z.string().nullable(),
  decidingFragmentId: z.string().nullable(),
  detail: z.string(),
  closedAt: time,
  explanation: explanationSchema.nullable(),
});

const closureBrief = z.object({
  reason,
  verdict,
  clause: z.string().nullable(),
  decidingFragmentId: z.string().nullable(),
  closedAt: time,
});

export const openedSchema = z.object({
  id: z.string(),
  state: entryState,
  replayed: z.boolean(),
  expectations: z.array(
    z.object({
      key: z.string(),
      kind: z.string(),
      state: expectationState,
      token: z.string().nullable(),
    }),
  ),
});

export const fragmentAnswerSchema = z.object({
  fragmentId: z.string(),
  disposition,
  replayed: z.boolean(),
  entry: z.object({
    id: z.string(),
    state: entryState,
    closure: closureBrief.nullable(),
  }),
});

const chunkAnswer = z.object({
  disposition: z.enum(["accepted", "held", "complete", "duplicate", "late"]),
  fragmentId: z.string().nullable(),
  entry: z.object({
    id: z.string(),
    state: entryState,
    reason: reason.nullable(),
  }),
});

export const chunkAnswerSchema = z.union([
  chunkAnswer,
  z.object({
    chunks: z.number().int(),
    complete: z.boolean(),
    last: chunkAnswer.nullable(),
  }),
]);

export const expectationViewSchema = z.object({
  key: z.string(),
  kind: z.string(),
  state: expectationState,
  required: z.boolean(),
  weight: z.number(),
  after: z.array(z.string()),
  assignee: z.string().nullable(),
  prompt: z.string().nullable(),
  repeat: z.enum(["first", "last", "collect"]),
  definitive: z.boolean(),
  timeoutAt: time.nullable(),
  settledAt: time.nullable(),
  childEntryId: z.string().nullable(),
  token: z.string().nullable(),
});

export const fragmentViewSchema = z.object({
  id: z.string(),
  key: z.string(),
  outcome: z.enum(["ok", "negative", "error", "progress"]),
  payload: jsonSchema,
  definitive: z.boolean(),
  disposition,
  idempotencyKey: z.string().nullable(),
  source: z.string().nullable(),
  lateByMs: z.number().nullable(),
  receivedAt: time,
});

export const entryViewSchema = z.object({
  id: z.string(),
  state: entryState,
  requester: z.string(),
  question: z.string(),
  channel: z.object({ kind: z.string() }).catchall(jsonSchema),
  criterion: criterionSchema,
  veto: z.array(z.string()),
  deadline: time.nullable(),
  onDeadline: z.enum(["complete", "fail"]),
  parent: z
    .object({ entryId: z.string(), key: z.string().nullable() })
    .nullable(),
  metadata: z.record(z.string(), jsonSchema),
  createdAt: time,
  closedAt: time.nullable(),
  expectations: z.array(expectationViewSchema),
  fragments: z.array(fragmentViewSchema),
  closure: closureSchema.nullable(),
  pending: explanationSchema.nullable(),
  answer: z
    .object({
      verdict,
      reason,
      title: z.string(),
      text: z.string(),
      parts: z.record(z.string(), jsonSchema),
      assembledBy: z.string(),
      createdAt: time,
    })
    .nullable(),
  deliveries: z.array(
    z.object({
      id: z.string(),
      purpose: z.enum(["answer", "approval_request"]),
      channel: z.string(),
      target: z.record(z.string(), jsonSchema),
      reason: z.string(),
      status: z.enum(["pending", "sending", "delivered", "failed", "skipped"]),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      createdAt: time,
      deliveredAt: time.nullable(),
    }),
  ),
});

export const addedSchema = z.object({
  entry: z.object({
    id: z.string(),
    state: entryState,
    closure: closureBrief.nullable(),
  }),
  expectations: z.array(
    z.object({ key: z.string(), kind: z.string(), state: expectationState }),
  ),
});

export const timelineEventSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  at: time,
  data: z.record(z.string(), jsonSchema),
});

export const timelineSchema = z.object({
  entryId: z.string(),
  state: entryState,
  events: z.array(timelineEventSchema),
  /** More events follow: ask again with `after` the last id given. */
  more: z.boolean(),
});

export const cancelAnswerSchema = z.object({
  cancelled: z.boolean(),
  closure: z.object({
    reason,
    verdict,
    detail: z.string(),
    closedAt: time,
  }),
});

export const cancelInputSchema = z
  .object({ reason: z.string().max(1000).optional() })
  .strict();

export const addExpectationsInputSchema = z
  .object({ expect: z.array(expectationSpecSchema).min(1).max(200) })
  .strict();

/**
 * The media types a request body may be sent as. A body without any
 * Content-Type is read as JSON; one naming another type is refused (415).
 */
export const jsonMediaTypes = ["application/json", "application/*+json"];

/** The chunk stream also takes NDJSON, one chunk a line. */
export const chunkMediaTypes = [
  ...jsonMediaTypes,
  "application/x-ndjson",
  "application/ndjson",
];

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
});

/** Every named schema of the document, by component name. */
export const components = {
  JsonValue: jsonSchema,
  Selector: selectorSchema,
  Criterion: criterionSchema,
  ExpectationSpec: expectationSpecSchema,
  EntrySpec: entrySpecSchema,
  FragmentInput: fragmentInputSchema,
  ChunkInput: chunkInputSchema,
  AddExpectationsInput: addExpectationsInputSchema,
  CancelInput: cancelInputSchema,
  Explanation: explanationSchema,
  Closure: closureSchema,
  OpenedEntry: openedSchema,
  FragmentAnswer: fragmentAnswerSchema,
  ChunkAnswer: chunkAnswerSchema,
  ExpectationView: expectationViewSchema,
  FragmentView: fragmentViewSchema,
  EntryView: entryViewSchema,
  AddedExpectations: addedSchema,
  TimelineEvent: timelineEventSchema,
  Timeline: timelineSchema,
  CancelAnswer: cancelAnswerSchema,
  Error: errorSchema,
} as const;
