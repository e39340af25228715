import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { selectKeys } from "./criterion";
import { DomainError } from "./errors";
import type { ExpectationSpecInput } from "./schemas";
import { apiKey, entrySpec } from "./testing/harness";
import {
  post,
  schedulerOf,
  registriesPerTest,
  type Harness,
} from "./testing/helpers";
import type { Criterion, ExpectationState, Outcome, Selector } from "./types";

const fresh = registriesPerTest();

const RUNS = { numRuns: 60 };
const KINDS = ["tool", "agent", "llm"];

interface Shape {
  expect: ExpectationSpecInput[];
  criterion: Criterion;
}

interface Arrival {
  key: string;
  outcome: Outcome;
  v: number;
}

/** Two to five expectations, some waiting after earlier ones. */
const expectationsArb = fc
  .array(
    fc.record({
      kind: fc.constantFrom(...KINDS),
      weight: fc.integer({ min: 1, max: 3 }),
      after: fc.option(fc.nat({ max: 9 }), { nil: null, freq: 3 }),
    }),
    { minLength: 2, maxLength: 5 },
  )
  .map((list) =>
    list.map(
      (e, i): ExpectationSpecInput & { kind: string; weight: number } => ({
        key: `k${i}`,
        kind: e.kind,
        weight: e.weight,
        after: i > 0 && e.after !== null ? [`k${e.after % i}`] : [],
      }),
    ),
  );

function selectorArb(
  list: { key: string; kind: string }[],
): fc.Arbitrary<Selector> {
  const keys = list.map((e) => e.key);
  const kinds = [...new Set(list.map((e) => e.kind))];

  return fc.oneof(
    fc.subarray(keys, { minLength: 1 }),
    fc.constantFrom(...kinds).map((kind) => ({ kind })),
    fc.constant("*" as const),
  );
}

function leafArb(
  list: { key: string; kind: string; weight: number }[],
): fc.Arbitrary<Criterion> {
  return selectorArb(list).chain((of) => {
    const picked = selectKeys(of, list);
    const total = list
      .filter((e) => picked.includes(e.key))
      .reduce((sum, e) => sum + e.weight, 0);
    const k = fc.integer({ min: 1, max: picked.length });

    return fc.oneof(
      fc.constant<Criterion>({ all: of }),
      fc.constant<Criterion>({ any: of }),
      k.map((atLeast): Criterion => ({ atLeast, of })),
      fc
        .integer({ min: 1, max: total })
        .map((weight): Criterion => ({ weight, of })),
      k.map((agree): Criterion => ({ agree, of, on: "/v" })),
    );
  });
}

function criterionArb(
  list: { key: string; kind: string; weight: number }[],
  depth: number,
): fc.Arbitrary<Criterion> {
  if (depth === 0) {
    return leafArb(list);
  }
  const parts = fc.array(criterionArb(list, depth - 1), {
    minLength: 1,
    maxLength: 3,
  });

  return fc.oneof(
    { weight: 2, arbitrary: leafArb(list) },
    { weight: 1, arbitrary: parts.map((and): Criterion => ({ and })) },
    { weight: 1, arbitrary: parts.map((or): Criterion => ({ or })) },
  );
}

const shapeArb: fc.Arbitrary<Shape> = expectationsArb.chain((list) =>
  criterionArb(list, 2).map((criterion) => ({ expect: list, criterion })),
);

/** At most one result per key: which one counts never depends on order. */
function arrivalsArb(shape: Shape, outcomes: Outcome[]) {
  return fc
    .tuple(
      ...shape.expect.map((e) =>
        fc.option(
          fc.record({
            key: fc.constant(e.key),
            outcome: fc.constantFrom(...outcomes),
            v: fc.integer({ min: 0, max: 1 }),
          }),
          { nil: null, freq: 5 },
        ),
      ),
    )
    .map((list) => list.filter((a): a is Arrival => a !== null));
}

function permutation<T>(list: T[]) {
  return fc.shuffledSubarray(list, {
    minLength: list.length,
    maxLength: list.length,
  });
}

async function openShape(h: Harness, shape: Shape) {
  const opened = await h.registry.openEntry(
    entrySpec({ expect: shape.expect, criterion: shape.criterion }),
  );

  return opened.id;
}

async function deliver(h: Harness, entryId: string, arrival: Arrival) {
  return post(h, entryId, arrival.key, arrival.outcome, {
    payload: { v: arrival.v },
  });
}

async function closureOf(h: Harness, entryId: string) {
  const { closure } = await h.registry.getEntry(entryId);

  return closure ? `${closure.reason}/${closure.verdict}` : "open";
}

function byId<T extends { id: string }>(list: T[]) {
  return Object.fromEntries(list.map((item) => [item.id, item]));
}

/** Swallows the refusals the registry answers with; rethrows the rest. */
async function refusedOrDone(work: Promise<unknown>) {
  try {
    await work;
  } catch (error) {
    if (!(error instanceof DomainError)) {
      throw error;
    }
  }
}

describe("properties of the registry", () => {
  it("any order of the same arrivals gives the same closure", async () => {
    const h = fresh();
    const outcomes: Outcome[] = ["ok", "ok", "negative", "error", "progress"];
    const caseArb = shapeArb.chain((shape) =>
      arrivalsArb(shape, outcomes).chain((arrivals) =>
        fc.record({
          shape: fc.constant(shape),
          first: permutation(arrivals),
          second: permutation(arrivals),
        }),
      ),
    );

    await fc.assert(
      fc.asyncProperty(caseArb, async ({ shape, first, second }) => {
        const a = await openShape(h, shape);
        const b = await openShape(h, shape);
        for (const arrival of first) {
          await deliver(h, a, arrival);
        }
        for (const arrival of second) {
          await deliver(h, b, arrival);
        }

        expect(await closureOf(h, b)).toBe(await closureOf(h, a));
      }),
      RUNS,
    );
  });

  it("a closed entry never changes, whatever arrives later", async () => {
    const h = fresh();
    const scheduler = schedulerOf(h);
    const laterArb = fc.oneof(
      fc.record({
        type: fc.constant("post" as const),
        key: fc.constantFrom("k0", "k1", "k2", "stray"),
        outcome: fc.constantFrom<Outcome>(
          "ok",
          "negative",
          "error",
          "progress",
        ),
        definitive: fc.boolean(),
        retry: fc.boolean(),
      }),
      fc.record({
        type: fc.constant("chunk" as const),
        key: fc.constantFrom("k0", "k1"),
        seq: fc.integer({ min: 0, max: 3 }),
        done: fc.boolean(),
      }),
      fc.constant({ type: "add" as const }),
      fc.constant({ type: "cancel" as const }),
      fc.record({
        type: fc.constant("wait" as const),
        ms: fc.integer({ min: 1, max: 120_000 }),
      }),
    );
    const caseArb = shapeArb.chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        arrivals: arrivalsArb(shape, ["ok", "negative", "error"]),
        later: fc.array(laterArb, { minLength: 1, maxLength: 8 }),
      }),
    );

    await fc.assert(
      fc.asyncProperty(caseArb, async ({ shape, arrivals, later }) => {
        const id = await openShape(h, shape);
        for (const arrival of arrivals) {
          await deliver(h, id, arrival);
        }
        await h.registry.cancelEntry(id);
        const before = await h.registry.getEntry(id);

        for (const step of later) {
          if (step.type === "post") {
            await refusedOrDone(
              post(h, id, step.key, step.outcome, {
                definitive: step.definitive,
                idempotencyKey: step.retry ? `again-${step.key}` : undefined,
              }),
            );
          } else if (step.type === "chunk") {
            const { seq, done } = step;
            await refusedOrDone(
              h.registry.recordChunk(
                id,
                step.key,
                { seq, delta: "x", done },
                apiKey,
              ),
            );
          } else if (step.type === "add") {
            await refusedOrDone(
              h.registry.addExpectations(id, [{ key: "new", kind: "tool" }]),
            );
          } else if (step.type === "cancel") {
            await h.registry.cancelEntry(id);
          } else {
            h.advance(step.ms);
            await scheduler.tick();
          }
        }

        const after = await h.registry.getEntry(id);
        expect(after.entry).toEqual(before.entry);
        expect(after.closure).toEqual(before.closure);
        expect(after.expectations).toEqual(before.expectations);
        const earlier = new Set(before.fragments.map((f) => f.id));
        const kept = after.fragments.filter((f) => earlier.has(f.id));
        const added = after.fragments.filter((f) => !earlier.has(f.id));
        expect(byId(kept)).toEqual(byId(before.fragments));
        expect(added.every((f) => f.disposition === "late")).toBe(true);
        const timeline = await h.registry.getTimeline(id);
        const closings = timeline.filter((e) => e.type === "entry.closed");
        expect(closings).toHaveLength(1);
      }),
      RUNS,
    );
  });

  it("duplicates count once", async () => {
    const h = fresh();
    const copyArb = fc.constantFrom("retry" as const, "repeat" as const);
    const caseArb = shapeArb.chain((shape) =>
      arrivalsArb(shape, ["ok", "negative", "error"]).chain((arrivals) =>
        fc
          .tuple(
            ...arrivals.map((_, i) =>
              fc.array(
                copyArb.map((copy) => ({ i, copy })),
                { maxLength: 2 },
              ),
            ),
          )
          .chain((copies) => {
            const sends = [
              ...arrivals.map((_, i) => ({ i, copy: "original" as const })),
              ...copies.flat(),
            ];

            return fc.record({
              shape: fc.constant(shape),
              arrivals: fc.constant(arrivals),
              sends: permutation(sends),
            });
          }),
      ),
    );

    await fc.assert(
      fc.asyncProperty(caseArb, async ({ shape, arrivals, sends }) => {
        const once = await openShape(h, shape);
        const twice = await openShape(h, shape);
        const firstSeen = [...new Set(sends.map((s) => s.i))];
        for (const i of firstSeen) {
          await deliver(h, once, arrivals[i]!);
        }
        const answered = new Map<number, string>();
        for (const { i, copy } of sends) {
          const arrival = arrivals[i]!;
          const result = await post(h, twice, arrival.key, arrival.outcome, {
            payload: { v: arrival.v },
            idempotencyKey: copy === "repeat" ? undefined : `send-${i}`,
          });
          const earlier = answered.get(i);
          if (copy !== "repeat" && earlier !== undefined) {
            expect(result.replayed).toBe(true);
            expect(result.fragmentId).toBe(earlier);
          }
          if (copy !== "repeat" && earlier === undefined) {
            answered.set(i, result.fragmentId);
          }
        }

        expect(await closureOf(h, twice)).toBe(await closureOf(h, once));
        const counted = async (entryId: string) => {
          const { fragments } = await h.registry.getEntry(entryId);

          return fragments.filter((f) => f.disposition === "accepted").length;
        };
        expect(await counted(twice)).toBe(await counted(once));
      }),
      RUNS,
    );
  });

  it("expectation states only move forward", async () => {
    const h = fresh();
    const scheduler = schedulerOf(h);
    const keyArb = fc.constantFrom("k0", "k1", "k2", "k3", "n0", "n1");
    const stepArb = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          type: fc.constant("post" as const),
          key: keyArb,
          outcome: fc.constantFrom<Outcome>(
            "ok",
            "negative",
            "error",
            "progress",
          ),
          definitive: fc.boolean(),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          type: fc.constant("chunk" as const),
          key: keyArb,
          seq: fc.integer({ min: 0, max: 2 }),
          done: fc.boolean(),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          type: fc.constant("add" as const),
          key: fc.constantFrom("n0", "n1"),
          after: fc.constantFrom([], ["k0"], ["k1", "n0"]),
          timeout: fc.constantFrom(undefined, "1s", "4s"),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          type: fc.constant("wait" as const),
          ms: fc.integer({ min: 1, max: 3_000 }),
        }),
      },
      { weight: 1, arbitrary: fc.constant({ type: "cancel" as const }) },
    );
    const caseArb = fc.record({
      shape: expectationsArb.chain((list) =>
        fc
          .tuple(
            ...list.map(() => fc.constantFrom(undefined, "1s", "2s", "5s")),
          )
          .map((timeouts) =>
            list.map((e, i) => ({ ...e, timeout: timeouts[i] })),
          ),
      ),
      steps: fc.array(stepArb, { minLength: 3, maxLength: 20 }),
    });

    await fc.assert(
      fc.asyncProperty(caseArb, async ({ shape, steps }) => {
        const { id } = await h.registry.openEntry(
          entrySpec({ expect: shape, criterion: { all: "*" } }),
        );
        for (const step of steps) {
          if (step.type === "post") {
            await refusedOrDone(
              post(h, id, step.key, step.outcome, {
                definitive: step.definitive,
              }),
            );
          } else if (step.type === "chunk") {
            const { seq, done } = step;
            await refusedOrDone(
              h.registry.recordChunk(
                id,
                step.key,
                { seq, delta: "x", done },
                apiKey,
              ),
            );
          } else if (step.type === "add") {
            const { key, after, timeout } = step;
            await refusedOrDone(
              h.registry.addExpectations(id, [
                { key, kind: "tool", after, timeout },
              ]),
            );
          } else if (step.type === "cancel") {
            await h.registry.cancelEntry(id);
          } else {
            h.advance(step.ms);
            await scheduler.tick();
          }
        }

        await expectForwardOnly(h, id);
      }),
      RUNS,
    );
  });
});

const RANK: Record<ExpectationState, number> = {
  blocked: 0,
  waiting: 1,
  streaming: 2,
  resolved: 3,
  failed: 3,
  timed_out: 3,
  cancelled: 3,
};

const MOVES: Record<string, ExpectationState> = {
  "expectation.unblocked": "waiting",
  "expectation.streaming": "streaming",
  "expectation.resolved": "resolved",
  "expectation.failed": "failed",
  "expectation.timed_out": "timed_out",
  "expectation.cancelled": "cancelled",
};

/** Replays the timeline's expectation rows and checks each move. */
async function expectForwardOnly(h: Harness, entryId: string) {
  const timeline = await h.registry.getTimeline(entryId, 0, 10_000);
  const states = new Map<string, ExpectationState>();
  let closings = 0;
  for (const event of timeline) {
    const key = String(event.data.key);
    if (event.type === "entry.closed") {
      closings += 1;
    } else if (event.type === "expectation.added") {
      expect(states.has(key)).toBe(false);
      states.set(key, event.data.state as ExpectationState);
    } else if (event.type in MOVES) {
      const from = states.get(key);
      const to = MOVES[event.type]!;
      expect(from, `${key} moved before it was added`).toBeDefined();
      expect(
        RANK[to],
        `${key}: ${from} → ${to} at timeline row ${event.id}`,
      ).toBeGreaterThan(RANK[from!]);
      states.set(key, to);
    }
  }
  const record = await h.registry.getEntry(entryId);
  expect(closings).toBe(record.entry.state === "closed" ? 1 : 0);
  expect(
    Object.fromEntries(record.expectations.map((e) => [e.key, e.state])),
  ).toEqual(Object.fromEntries(states));
}
