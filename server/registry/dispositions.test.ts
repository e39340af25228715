import { describe, expect, it } from "vitest";

import { ConflictError } from "./errors";
import { entrySpec } from "./testing/harness";
import {
  elapse,
  eventsOf,
  eventTypes,
  post,
  registriesPerTest,
} from "./testing/helpers";

const fresh = registriesPerTest();

describe("accepted", () => {
  it("an ok result is accepted and resolves its expectation", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());

    const result = await post(h, id, "budget", "ok", {
      payload: { left: 900 },
    });

    expect(result).toMatchObject({ disposition: "accepted", replayed: false });
    const record = await h.registry.getEntry(id);
    expect(record.fragments).toMatchObject([
      {
        id: result.fragmentId,
        key: "budget",
        payload: { left: 900 },
        disposition: "accepted",
      },
    ]);
    const budget = record.expectations.find((e) => e.key === "budget");
    expect(budget).toMatchObject({ state: "resolved", settledAt: h.clock.now });
  });
});

describe("duplicate", () => {
  it("a second result for repeat first is a duplicate", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        criterion: { agree: 2, of: "*", on: "/decision" },
      }),
    );
    const first = await post(h, id, "budget", "ok", {
      payload: { decision: "book" },
    });

    const second = await post(h, id, "budget", "ok", {
      payload: { decision: "wait" },
    });
    const last = await post(h, id, "policy", "ok", {
      payload: { decision: "book" },
    });

    expect(second.disposition).toBe("duplicate");
    expect(last.entry.closure?.explanation?.fragmentIds).toEqual([
      first.fragmentId,
      last.fragmentId,
    ]);
    expect(await eventTypes(h, id)).toContain("fragment.duplicate");
  });

  it("a no after an ok on repeat first changes nothing", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());
    await post(h, id, "budget", "ok");

    const no = await post(h, id, "budget", "negative");
    const error = await post(h, id, "budget", "error");

    expect(no.disposition).toBe("duplicate");
    expect(error.disposition).toBe("duplicate");
    expect(error.entry.state).toBe("open");
  });

  it("the same idempotency key returns the first answer again", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());
    const input = { payload: { left: 900 }, idempotencyKey: "budget-try-1" };
    const first = await post(h, id, "budget", "ok", input);

    const again = await post(h, id, "budget", "ok", input);

    expect(again).toMatchObject({
      fragmentId: first.fragmentId,
      disposition: "accepted",
      replayed: true,
    });
    const record = await h.registry.getEntry(id);
    expect(record.fragments).toHaveLength(1);
    expect(await eventsOf(h, id, "fragment.accepted")).toHaveLength(1);
  });

  it("a replay after closure still returns the first answer", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());
    const input = { idempotencyKey: "policy-try-1" };
    const first = await post(h, id, "policy", "ok", input);
    await post(h, id, "budget", "ok");

    const again = await post(h, id, "policy", "ok", input);

    expect(again).toMatchObject({
      fragmentId: first.fragmentId,
      disposition: "accepted",
      replayed: true,
      entry: { state: "closed" },
    });
  });

  it("the same key with another payload is a conflict", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());
    await post(h, id, "budget", "ok", {
      payload: { left: 900 },
      idempotencyKey: "budget-try-1",
    });

    const other = post(h, id, "budget", "ok", {
      payload: { left: 100 },
      idempotencyKey: "budget-try-1",
    });

    await expect(other).rejects.toThrow(ConflictError);
    await expect(other).rejects.toThrow("idempotencyKey was already used");
    const record = await h.registry.getEntry(id);
    expect(record.fragments).toHaveLength(1);
  });

  it("the same key on another entry is a fresh fragment", async () => {
    const h = fresh();
    const a = await h.registry.openEntry(entrySpec());
    const b = await h.registry.openEntry(entrySpec());
    const input = { idempotencyKey: "shared-try" };
    const first = await post(h, a.id, "budget", "ok", input);

    const second = await post(h, b.id, "budget", "ok", input);

    expect(second.replayed).toBe(false);
    expect(second.fragmentId).not.toBe(first.fragmentId);
  });
});

describe("superseded", () => {
  it("a later result for repeat last supersedes the earlier", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool" },
          { key: "policy", kind: "agent", repeat: "last" },
        ],
      }),
    );
    const draft = await post(h, id, "policy", "ok", { payload: { v: 1 } });

    const revised = await post(h, id, "policy", "ok", { payload: { v: 2 } });
    const tip = await post(h, id, "budget", "ok");

    expect(revised.disposition).toBe("accepted");
    const record = await h.registry.getEntry(id);
    const dispositions = Object.fromEntries(
      record.fragments.map((f) => [f.id, f.disposition]),
    );
    expect(dispositions[draft.fragmentId]).toBe("superseded");
    expect(dispositions[revised.fragmentId]).toBe("accepted");
    expect(tip.entry.closure?.explanation?.fragmentIds).toEqual([
      tip.fragmentId,
      revised.fragmentId,
    ]);
    const rows = await eventsOf(h, id, "fragment.superseded");
    expect(rows.map((r) => r.data)).toEqual([
      { fragmentId: draft.fragmentId, key: "policy", by: revised.fragmentId },
    ]);
  });

  it("a later no withdraws an earlier yes", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool" },
          { key: "policy", kind: "agent", repeat: "last" },
        ],
      }),
    );
    await post(h, id, "policy", "ok");
    await post(h, id, "policy", "negative");

    const tip = await post(h, id, "budget", "ok");

    expect(tip.entry.state).toBe("open");
    const record = await h.registry.getEntry(id);
    expect(record.pending?.fragmentIds).toEqual([tip.fragmentId]);
  });
});

describe("collect", () => {
  it("every result of a collecting expectation counts", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [{ key: "review", kind: "llm", repeat: "collect" }],
        criterion: { agree: 2, of: ["review"], on: "/verdict" },
      }),
    );
    const first = await post(h, id, "review", "ok", {
      payload: { verdict: "safe" },
    });
    const dissent = await post(h, id, "review", "ok", {
      payload: { verdict: "unsafe" },
    });

    const third = await post(h, id, "review", "ok", {
      payload: { verdict: "safe" },
    });

    expect(first.entry.state).toBe("open");
    expect(dissent.disposition).toBe("accepted");
    expect(third.entry.closure).toMatchObject({
      reason: "criterion_met",
      decidingFragmentId: third.fragmentId,
    });
    expect(third.entry.closure?.explanation?.fragmentIds).toEqual([
      first.fragmentId,
      third.fragmentId,
    ]);
  });
});

describe("late", () => {
  it("a fragment after closure is late, by how much", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({ criterion: { any: "*" }, veto: ["policy"] }),
    );
    const tip = await post(h, id, "budget", "ok");
    h.advance(1_500);

    const late = await post(h, id, "policy", "negative", {
      definitive: true,
    });

    expect(late.disposition).toBe("late");
    expect(late.entry.closure).toEqual(tip.entry.closure);
    const record = await h.registry.getEntry(id);
    const stored = record.fragments.find((f) => f.id === late.fragmentId);
    expect(stored).toMatchObject({ disposition: "late", lateByMs: 1_500 });
    const policy = record.expectations.find((e) => e.key === "policy");
    expect(policy?.state).toBe("cancelled");
    const rows = await eventsOf(h, id, "fragment.late");
    expect(rows[0]?.data).toMatchObject({ key: "policy", lateByMs: 1_500 });
  });

  it("a result after a timeout is late by the timeout", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool", timeout: "10s" },
          { key: "policy", kind: "agent" },
        ],
        criterion: { any: "*" },
      }),
    );
    await elapse(h, 10_000);
    h.advance(2_000);

    const late = await post(h, id, "budget", "ok");

    expect(late.disposition).toBe("late");
    expect(late.entry.state).toBe("open");
    const record = await h.registry.getEntry(id);
    const stored = record.fragments.find((f) => f.id === late.fragmentId);
    expect(stored?.lateByMs).toBe(2_000);
  });

  it("a late fragment for an unknown key is late, not buffered", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());
    await h.registry.cancelEntry(id);

    const late = await post(h, id, "extra", "ok");

    expect(late.disposition).toBe("late");
  });
});

describe("buffered", () => {
  it("one for an unknown key applies when the key is added", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({ criterion: { all: "*" } }),
    );
    await post(h, id, "budget", "ok");
    const early = await post(h, id, "extra", "ok", { payload: { n: 1 } });

    const added = await h.registry.addExpectations(id, [
      { key: "extra", kind: "batch" },
    ]);
    const tip = await post(h, id, "policy", "ok");

    expect(early).toMatchObject({
      disposition: "buffered",
      entry: { state: "open" },
    });
    expect(added.expectations).toEqual([
      { key: "extra", kind: "batch", state: "resolved" },
    ]);
    expect(tip.entry.closure?.explanation?.fragmentIds).toContain(
      early.fragmentId,
    );
    const record = await h.registry.getEntry(id);
    const stored = record.fragments.find((f) => f.id === early.fragmentId);
    expect(stored?.disposition).toBe("accepted");
    const types = await eventTypes(h, id);
    expect(types.indexOf("fragment.buffered")).toBeLessThan(
      types.indexOf("fragment.applied"),
    );
  });

  it("an applied fragment can close the entry, named", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({ criterion: { atLeast: 2, of: "*" } }),
    );
    await post(h, id, "budget", "ok");
    const early = await post(h, id, "extra", "ok");

    const added = await h.registry.addExpectations(id, [
      { key: "extra", kind: "batch" },
    ]);

    expect(added.entry.closure).toMatchObject({
      reason: "criterion_met",
      decidingFragmentId: early.fragmentId,
    });
  });

  it("is dropped after the buffer time with a timeline row", async () => {
    const h = fresh({ bufferTtlMs: 30_000 });
    const { id } = await h.registry.openEntry(entrySpec());
    const early = await post(h, id, "extra", "ok");

    await elapse(h, 29_999);
    const waiting = await h.registry.getEntry(id);
    await elapse(h, 1);
    await h.registry.addExpectations(id, [{ key: "extra", kind: "tool" }]);

    expect(waiting.fragments[0]?.disposition).toBe("buffered");
    const record = await h.registry.getEntry(id);
    const stored = record.fragments.find((f) => f.id === early.fragmentId);
    expect(stored?.disposition).toBe("dropped");
    const extra = record.expectations.find((e) => e.key === "extra");
    expect(extra?.state).toBe("waiting");
    const rows = await eventsOf(h, id, "fragment.dropped");
    expect(rows.map((r) => r.data)).toEqual([
      {
        fragmentId: early.fragmentId,
        key: "extra",
        because: "no expectation took it in time",
      },
    ]);
  });

  it("is dropped when the entry closes first", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());
    const early = await post(h, id, "extra", "ok");

    await h.registry.cancelEntry(id);

    const record = await h.registry.getEntry(id);
    const stored = record.fragments.find((f) => f.id === early.fragmentId);
    expect(stored?.disposition).toBe("dropped");
  });

  it("one for a blocked expectation applies on unblock", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool" },
          { key: "policy", kind: "agent", after: ["budget"] },
        ],
      }),
    );
    const early = await post(h, id, "policy", "ok");

    const tip = await post(h, id, "budget", "ok");

    expect(early.disposition).toBe("buffered");
    expect(tip.entry.closure?.reason).toBe("criterion_met");
    expect(tip.entry.closure?.explanation?.fragmentIds).toEqual([
      tip.fragmentId,
      early.fragmentId,
    ]);
    const rows = await eventsOf(h, id, "fragment.buffered");
    expect(rows[0]?.data).toMatchObject({
      because: "the expectation is blocked",
    });
    const types = await eventTypes(h, id);
    expect(types.slice(-8)).toEqual([
      "fragment.accepted",
      "expectation.resolved",
      "expectation.unblocked",
      "fragment.applied",
      "fragment.accepted",
      "expectation.resolved",
      "entry.closed",
      "completion.queued",
    ]);
  });

  it("one for a key later added as human is dropped", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());
    const early = await post(h, id, "approval", "ok");

    const added = await h.registry.addExpectations(id, [
      { key: "approval", kind: "human" },
    ]);

    expect(added.expectations[0]?.state).toBe("waiting");
    const record = await h.registry.getEntry(id);
    const stored = record.fragments.find((f) => f.id === early.fragmentId);
    expect(stored?.disposition).toBe("dropped");
  });
});

describe("progress", () => {
  it("is recorded and shown, and resolves nothing", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());

    const note = await post(h, id, "budget", "progress", {
      payload: { step: "looking up the fare" },
    });

    expect(note).toMatchObject({
      disposition: "accepted",
      entry: { state: "open" },
    });
    const record = await h.registry.getEntry(id);
    const budget = record.expectations.find((e) => e.key === "budget");
    expect(budget?.state).toBe("waiting");
    expect(record.fragments[0]).toMatchObject({
      outcome: "progress",
      disposition: "accepted",
    });
    const rows = await eventsOf(h, id, "fragment.progress");
    expect(rows[0]?.data).toMatchObject({
      key: "budget",
      payload: { step: "looking up the fare" },
    });
  });

  it("does not count toward any criterion", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({ criterion: { any: "*" } }),
    );

    await post(h, id, "budget", "progress");
    const second = await post(h, id, "policy", "progress");

    expect(second.entry.state).toBe("open");
    const record = await h.registry.getEntry(id);
    expect(record.pending?.fragmentIds).toEqual([]);
  });
});
