import { z } from "zod";

import { parseDuration } from "./duration";
import type { Criterion } from "./types";

/**
 * Input schemas of the registry's verbs. The HTTP API validates with these
 * same schemas and generates its OpenAPI document from them.
 */

const KEY = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

export const keySchema = z
  .string()
  .regex(KEY, "a key is 1–64 letters, digits, `_ . : -`, starting alnum");

/** local@domain, the domain of dot-separated labels; no spaces. */
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*$/;

export const emailAddressSchema = z
  .string()
  .regex(EMAIL_ADDRESS, "an email address, like uma@example.com");

export const durationSchema = z
  .string()
  .refine((text) => parseDuration(text) !== null, {
    message: "a duration like 500ms, 30s, 45m, 2h or 7d, of ten years at most",
  });

export const jsonSchema = z.json();

export const selectorSchema = z.union([
  z.array(keySchema).min(1),
  z.object({ kind: z.string().min(1).max(64) }).strict(),
  z.literal("*"),
]);

const count = z.number().int().min(1).max(10_000);

export const criterionSchema: z.ZodType<Criterion> = z.lazy(() =>
  z.union([
    z.object({ all: selectorSchema }).strict(),
    z.object({ any: selectorSchema }).strict(),
    z.object({ atLeast: count, of: selectorSchema }).strict(),
    z.object({ weight: z.number().positive(), of: selectorSchema }).strict(),
    z
      .object({
        agree: count,
        of: selectorSchema,
        on: z
          .string()
          .regex(/^(\/.*)?$/, "a JSON pointer: empty or starting with /"),
      })
      .strict(),
    z.object({ and: z.array(criterionSchema).min(1).max(50) }).strict(),
    z.object({ or: z.array(criterionSchema).min(1).max(50) }).strict(),
  ]),
);

export const expectationSpecSchema = z
  .object({
    key: keySchema,
    kind: z.string().min(1).max(64),
    required: z.boolean().default(true),
    weight: z.number().positive().max(1_000_000).default(1),
    timeout: durationSchema.optional(),
    after: z.array(keySchema).max(100).default([]),
    assignee: z.string().min(1).max(320).optional(),
    prompt: z.string().max(10_000).optional(),
    repeat: z.enum(["first", "last", "collect"]).default("first"),
    definitive: z.boolean().default(true),
  })
  .strict();

/** The most expectations one entry holds, at open and after additions. */
export const MAX_EXPECTATIONS = 200;

export const channelSchema = z
  .object({ kind: z.string().min(1).max(32) })
  .catchall(jsonSchema);

export const entrySpecSchema = z
  .object({
    requester: z.string().min(1).max(320),
    question: z.string().min(1).max(20_000),
    channel: channelSchema.default({ kind: "inbox" }),
    expect: z.array(expectationSpecSchema).min(1).max(MAX_EXPECTATIONS),
    criterion: criterionSchema.optional(),
    veto: z.array(keySchema).max(200).default([]),
    deadline: z.string().min(1).max(64).optional(),
    onDeadline: z.enum(["complete", "fail"]).default("complete"),
    template: z.string().max(20_000).optional(),
    metadata: z.record(z.string(), jsonSchema).default({}),
    idempotencyKey: z.string().min(1).max(200).optional(),
    parent: z
      .object({ entryId: z.string().min(1).max(64), key: keySchema })
      .strict()
      .optional(),
  })
  .strict();

/** The largest progress note payload, as JSON text. */
export const MAX_PROGRESS_CHARS = 65_536;

/** The idempotency key of a stream's assembled fragment is this + key. */
export const STREAM_PREFIX = "stream:";

export const fragmentInputSchema = z
  .object({
    key: keySchema,
    outcome: z.enum(["ok", "negative", "error", "progress"]),
    payload: jsonSchema.default(null),
    definitive: z.boolean().default(false),
    idempotencyKey: z
      .string()
      .min(1)
      .max(200)
      // A finished stream records its text under `stream:<key>`.
      .refine((value) => !value.startsWith(STREAM_PREFIX), {
        message: `keys beginning with "${STREAM_PREFIX}" are kept for streamed results`,
      })
      .optional(),
    source: z.string().min(1).max(200).optional(),
  })
  .strict()
  // Progress notes are written to the timeline whole, and every reader of
  // it replays them: they stay small. Results have the body limit only.
  .refine(
    (f) =>
      f.outcome !== "progress" ||
      JSON.stringify(f.payload).length <= MAX_PROGRESS_CHARS,
    {
      path: ["payload"],
      message: `a progress note's payload is at most ${MAX_PROGRESS_CHARS} characters of JSON`,
    },
  );

/** A stream holds at most this many chunks, whatever their size. */
export const MAX_CHUNKS = 100_000;

export const chunkInputSchema = z
  .object({
    seq: z
      .number()
      .int()
      .min(0)
      .max(MAX_CHUNKS - 1),
    delta: z.string().max(1_048_576),
    done: z.boolean().default(false),
  })
  .strict();

export type EntrySpec = z.infer<typeof entrySpecSchema>;
export type EntrySpecInput = z.input<typeof entrySpecSchema>;
export type ExpectationSpec = z.infer<typeof expectationSpecSchema>;
export type ExpectationSpecInput = z.input<typeof expectationSpecSchema>;
export type FragmentInput = z.infer<typeof fragmentInputSchema>;
export type FragmentInputInput = z.input<typeof fragmentInputSchema>;
export type ChunkInput = z.infer<typeof chunkInputSchema>;
