import { createHash } from "node:crypto";
import { EventEmitter } from "node:events";

import type { z } from "zod";

import { planAddExpectations } from "./add-expectations";
import { planCancel } from "./cancel-entry";
import { planClaim } from "./claim-expectation";
import { canonical } from "./criterion";
import { evaluateCriterion } from "./criterion";
import type { DeciderCheck } from "./deciders";
import { issuesOf, NotFoundError, ValidationError } from "./errors";
import { planTimer } from "./fire-timer";
import { openerId, planOpen } from "./open-entry";
import { planChunk } from "./record-chunk";
import { planFragment, type Actor } from "./record-fragment";
import {
  chunkInputSchema,
  entrySpecSchema,
  expectationSpecSchema,
  fragmentInputSchema,
  MAX_EXPECTATIONS,
} from "./schemas";
import type { Committed, DueTimer, RegistryStore, Step } from "./store";
import type { ExplanationNode, Json, Opener, TimelineEvent } from "./types";

export interface RegistryOptions {
  store: RegistryStore;
  /** Who could decide a human expectation; null takes every one on trust. */
  deciders: DeciderCheck | null;
  /** How long a fragment for an unknown key waits for its expectation. */
  bufferTtlMs?: number;
  /** The largest text a stream of chunks may assemble, in UTF-8 bytes. */
  streamLimitBytes?: number;
  clock?: () => number;
}

export interface RegistryEvents {
  /** A timeline row, after its transaction committed. */
  timeline: [TimelineEvent];
  /** All timeline rows of one transaction, after the `timeline` events. */
  committed: [readonly TimelineEvent[]];
  /** A timer was added that falls due at this time. */
  due: [number];
}

export type Registry = ReturnType<typeof createRegistry>;

/**
 * The registry's verbs. Each validates its input, plans the change from a
 * snapshot and commits it in one transaction; listeners hear the timeline
 * rows only after commit.
 */
export function createRegistry(options: RegistryOptions) {
  const { store, deciders } = options;
  const clock = options.clock ?? Date.now;
  const bufferTtlMs = options.bufferTtlMs ?? 600_000;
  const streamLimitBytes = options.streamLimitBytes ?? 1_048_576;
  const events = new EventEmitter<RegistryEvents>();
  events.setMaxListeners(0);

  async function commit<R>(step: Step<R>): Promise<Committed<R>> {
    const done = await store.commit(step);
    for (const event of done.events) {
      events.emit("timeline", event);
    }
    if (done.events.length > 0) {
      events.emit("committed", done.events);
    }
    for (const dueAt of done.dueTimes) {
      events.emit("due", dueAt);
    }

    return done;
  }
  const ctx = (actor: Actor) => ({ now: clock(), actor, bufferTtlMs });

  return {
    events,
    store,

    /** In-process callers with no identity of their own open as the system. */
    async openEntry(input: unknown, opener: Opener = { type: "system" }) {
      const spec = parse(entrySpecSchema, input, "entry");
      const openedBy = openerId(opener);
      const { idempotencyKey } = spec;
      const context = {
        now: clock(),
        openedBy,
        // Of the request as understood: a default spelled out is no change.
        requestHash: idempotencyKey ? hashOf(spec) : null,
        deciders,
      };
      const done = await commit({
        target: idempotencyKey ? { openedBy, idempotencyKey } : null,
        plan: (existing) => planOpen(existing, spec, context),
      });

      return done.result;
    },

    async recordFragment(entryId: string, input: unknown, actor: Actor) {
      const fragment = parse(fragmentInputSchema, input, "fragment");
      const load = fragment.idempotencyKey
        ? { fragmentIdempotencyKey: fragment.idempotencyKey }
        : {};
      const done = await commit({
        target: { entryId },
        load,
        plan: (snapshot) => planFragment(snapshot, fragment, ctx(actor)),
      });

      return done.result;
    },

    async recordChunk(
      entryId: string,
      key: string,
      input: unknown,
      actor: Actor,
    ) {
      const chunk = parse(chunkInputSchema, input, "chunk");
      const done = await commit({
        target: { entryId },
        load: { chunk: { key, seq: chunk.seq } },
        plan: (snapshot) =>
          planChunk(snapshot, key, chunk, { ...ctx(actor), streamLimitBytes }),
      });

      return done.result;
    },

    async addExpectations(entryId: string, input: unknown) {
      const list = parse(
        expectationSpecSchema.array().min(1).max(MAX_EXPECTATIONS),
        input,
        "expect",
      );
      const context = { now: clock(), deciders };
      const done = await commit({
        target: { entryId },
        plan: (snapshot) => planAddExpectations(snapshot, list, context),
      });

      return done.result;
    },

    async claimExpectation(entryId: string, key: string, actor: Actor) {
      const now = clock();
      const done = await commit({
        target: { entryId },
        plan: (snapshot) => planClaim(snapshot, key, actor, now),
      });

      return done.result;
    },

    async cancelEntry(entryId: string, reason?: string) {
      const now = clock();
      const done = await commit({
        target: { entryId },
        plan: (snapshot) => planCancel(snapshot, reason, now),
      });

      return done.result;
    },

    async fireTimer(timer: DueTimer) {
      const now = clock();
      const done = await commit({
        target: { entryId: timer.entryId },
        load: { timerId: timer.id },
        plan: (snapshot) => planTimer(snapshot, timer, now),
      });

      return done.result;
    },

    async getEntry(entryId: string) {
      const record = await store.readEntry(entryId);
      if (!record) {
        throw new NotFoundError("no such entry", { entryId });
      }

      return { ...record, pending: pendingWhy(record) };
    },

    async getTimeline(entryId: string, afterId = 0, limit = 1000) {
      return store.readTimeline(entryId, afterId, limit);
    },
  };
}

/** For an open entry, the criterion as it stands: what is still unmet. */
function pendingWhy(
  record: NonNullable<Awaited<ReturnType<RegistryStore["readEntry"]>>>,
): ExplanationNode | null {
  if (record.entry.state !== "open") {
    return null;
  }
  const current = record.fragments.filter(
    (f) => f.disposition === "accepted" && f.outcome !== "progress",
  ) as Parameters<typeof evaluateCriterion>[2];

  return evaluateCriterion(
    record.entry.criterion,
    record.expectations,
    current,
  );
}

function parse<T extends z.ZodType>(schema: T, input: unknown, what: string) {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    const first = issues[0];
    const where = first?.path ? `${first.path}: ` : "";
    throw new ValidationError(`invalid ${what}: ${where}${first?.message}`, {
      issues,
    });
  }

  return parsed.data as z.infer<T>;
}

function hashOf(input: unknown): string {
  return createHash("sha256")
    .update(canonical(input as Json))
    .digest("hex");
}
