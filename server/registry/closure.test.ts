import { describe, expect, it } from "vitest";

import { NotFoundError, ValidationError } from "./errors";
import { entrySpec } from "./testing/harness";
import {
  elapse,
  eventsOf,
  eventTypes,
  post,
  registriesPerTest,
  stateOf,
  timerCount,
} from "./testing/helpers";

const fresh = registriesPerTest();

describe("criterion_met", () => {
  it("names the clause that fired and the deciding fragment", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        criterion: { or: [{ all: ["budget", "policy"] }, { any: ["budget"] }] },
      }),
    );

    const tip = await post(h, id, "budget", "ok", { payload: { left: 900 } });

    const closure = tip.entry.closure;
    expect(closure).toMatchObject({
      reason: "criterion_met",
      verdict: "completed",
      clause: "any of budget",
      clausePath: "$.or[1]",
      decidingFragmentId: tip.fragmentId,
      closedAt: h.clock.now,
    });
    expect(closure?.explanation?.met).toBe(true);
    expect(closure?.explanation?.children[1]?.fragmentIds).toEqual([
      tip.fragmentId,
    ]);
  });

  it("cancels the expectations still waiting", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({ criterion: { any: "*" } }),
    );

    await post(h, id, "policy", "ok");

    const record = await h.registry.getEntry(id);
    expect(record.entry.state).toBe("closed");
    expect(record.pending).toBeNull();
    expect(record.expectations.map((e) => [e.key, e.state])).toEqual([
      ["budget", "cancelled"],
      ["policy", "resolved"],
    ]);
  });

  it("stays open while unmet, saying what is missing", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());

    const first = await post(h, id, "budget", "ok");

    expect(first.entry).toMatchObject({ state: "open", closure: null });
    const record = await h.registry.getEntry(id);
    expect(record.pending).toMatchObject({
      clause: "all of budget, policy",
      met: false,
      possible: true,
    });
  });
});

describe("definitive", () => {
  it("a definitive ok completes the entry at once", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());

    const tip = await post(h, id, "budget", "ok", { definitive: true });

    expect(tip.entry.closure).toMatchObject({
      reason: "definitive",
      verdict: "completed",
      decidingFragmentId: tip.fragmentId,
    });
    expect(await stateOf(h, id, "policy")).toBe("cancelled");
  });

  it("a definitive no rejects the entry at once", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({ criterion: { any: "*" } }),
    );

    const tip = await post(h, id, "policy", "negative", { definitive: true });

    expect(tip.entry.closure).toMatchObject({
      reason: "definitive",
      verdict: "rejected",
      decidingFragmentId: tip.fragmentId,
    });
  });

  it("is refused on an expectation opened with definitive: false", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool", definitive: false },
          { key: "policy", kind: "agent" },
        ],
      }),
    );

    const refused = post(h, id, "budget", "ok", { definitive: true });

    await expect(refused).rejects.toThrow(ValidationError);
    await expect(refused).rejects.toThrow(
      '"budget" was opened with definitive: false',
    );
    const record = await h.registry.getEntry(id);
    expect(record.entry.state).toBe("open");
    expect(record.fragments).toEqual([]);
  });

  it("is refused on an error", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());

    const refused = post(h, id, "budget", "error", { definitive: true });

    await expect(refused).rejects.toThrow(
      "only an ok or negative fragment can be definitive",
    );
    const record = await h.registry.getEntry(id);
    expect(record.fragments).toEqual([]);
  });

  it("a buffered definitive result obeys definitive: false", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());
    await post(h, id, "extra", "ok", { definitive: true });

    const added = await h.registry.addExpectations(id, [
      { key: "extra", kind: "tool", definitive: false },
    ]);

    expect(added.entry.state).toBe("open");
    expect(added.expectations).toEqual([
      { key: "extra", kind: "tool", state: "resolved" },
    ]);
  });
});

describe("vetoed", () => {
  it("a negative approval vetoes the entry", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({ criterion: { any: "*" }, veto: ["policy"] }),
    );

    const tip = await post(h, id, "policy", "negative", {
      payload: { why: "over budget" },
    });

    expect(tip.entry.closure).toMatchObject({
      reason: "vetoed",
      verdict: "rejected",
      decidingFragmentId: tip.fragmentId,
    });
    expect(tip.entry.closure?.detail).toContain('"policy"');
  });

  it("a negative from a key outside the veto list vetoes nothing", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({ criterion: { any: "*" }, veto: ["policy"] }),
    );

    const no = await post(h, id, "budget", "negative");

    expect(no.entry.state).toBe("open");
  });

  it("an ok from a veto key does not veto", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec({ veto: ["policy"] }));

    const yes = await post(h, id, "policy", "ok");

    expect(yes.entry.state).toBe("open");
  });
});

describe("deadline", () => {
  it("completes with what arrived when onDeadline is complete", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({ deadline: "45m", onDeadline: "complete" }),
    );
    await post(h, id, "budget", "ok");

    await elapse(h, 45 * 60_000 - 1);
    const early = await h.registry.getEntry(id);
    await elapse(h, 1);
    const due = await h.registry.getEntry(id);

    expect(early.entry.state).toBe("open");
    expect(due.closure).toMatchObject({
      reason: "deadline",
      verdict: "completed",
      decidingFragmentId: null,
      closedAt: h.clock.now,
    });
    expect(due.closure?.detail).toContain("1 of 2 results in");
    const fired = await eventsOf(h, id, "deadline.fired");
    expect(fired).toHaveLength(1);
    expect(fired[0]?.data).toMatchObject({ lagMs: 0 });
  });

  it("fails the call when onDeadline is fail", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({ deadline: "2h", onDeadline: "fail" }),
    );

    await elapse(h, 3 * 3_600_000);

    const record = await h.registry.getEntry(id);
    expect(record.closure).toMatchObject({
      reason: "deadline",
      verdict: "failed",
    });
    const fired = await eventsOf(h, id, "deadline.fired");
    expect(fired[0]?.data).toMatchObject({ lagMs: 3_600_000 });
  });
});

describe("unsatisfiable", () => {
  it("an error under all closes the entry early as failed", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());

    const tip = await post(h, id, "policy", "error", {
      payload: { message: "the policy agent crashed" },
    });

    expect(tip.entry.closure).toMatchObject({
      reason: "unsatisfiable",
      verdict: "failed",
      clausePath: "$",
      decidingFragmentId: tip.fragmentId,
    });
    expect(tip.entry.closure?.detail).toBe(
      "all of budget, policy: can no longer be met",
    );
  });

  it("a negative under all closes the entry early as failed", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());

    const tip = await post(h, id, "budget", "negative");

    expect(tip.entry.closure).toMatchObject({
      reason: "unsatisfiable",
      verdict: "failed",
    });
  });

  it("names the clause that can no longer be met", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        criterion: { and: [{ any: "*" }, { all: ["policy"] }] },
      }),
    );

    const tip = await post(h, id, "policy", "error");

    expect(tip.entry.closure).toMatchObject({
      reason: "unsatisfiable",
      clausePath: "$.and[1]",
      clause: "all of policy",
    });
  });

  it("an error under any waits for the others", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({ criterion: { any: "*" } }),
    );

    const first = await post(h, id, "budget", "error");
    const second = await post(h, id, "policy", "error");

    expect(first.entry.state).toBe("open");
    expect(second.entry.closure?.reason).toBe("unsatisfiable");
  });

  it("a timeout that makes the criterion impossible closes it", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool" },
          { key: "policy", kind: "agent", timeout: "30s" },
        ],
      }),
    );
    await post(h, id, "budget", "ok");

    await elapse(h, 30_000);

    const record = await h.registry.getEntry(id);
    expect(record.closure).toMatchObject({
      reason: "unsatisfiable",
      verdict: "failed",
      decidingFragmentId: null,
    });
    const policy = record.expectations.find((e) => e.key === "policy");
    expect(policy?.state).toBe("timed_out");
    expect(await eventTypes(h, id)).toContain("expectation.timed_out");
  });
});

describe("cancelled", () => {
  it("closes the entry as cancelled with the reason given", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec({ deadline: "1h" }));

    const result = await h.registry.cancelEntry(id, "the user left");

    expect(result.cancelled).toBe(true);
    expect(result.closure).toMatchObject({
      reason: "cancelled",
      verdict: "cancelled",
      detail: "cancelled: the user left",
    });
    const record = await h.registry.getEntry(id);
    expect(record.expectations.map((e) => e.state)).toEqual([
      "cancelled",
      "cancelled",
    ]);
    expect(timerCount(h, id)).toBe(0);
  });

  it("cancelling twice is a no-op", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());
    const first = await h.registry.cancelEntry(id);
    h.advance(5_000);

    const second = await h.registry.cancelEntry(id, "again");

    expect(second.cancelled).toBe(false);
    expect(second.closure).toEqual(first.closure);
    expect(await eventsOf(h, id, "entry.closed")).toHaveLength(1);
  });

  it("cancelling an entry closed otherwise keeps its closure", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());
    await post(h, id, "budget", "error");

    const result = await h.registry.cancelEntry(id);

    expect(result.cancelled).toBe(false);
    expect(result.closure.reason).toBe("unsatisfiable");
  });

  it("cancelling an unknown entry is not found", async () => {
    const h = fresh();

    await expect(h.registry.cancelEntry("ent_nothing")).rejects.toThrow(
      NotFoundError,
    );
  });
});

describe("every closure", () => {
  it("queues exactly one completion", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());
    await post(h, id, "budget", "ok");
    await post(h, id, "policy", "ok");
    await post(h, id, "policy", "ok");
    await h.registry.cancelEntry(id);

    const rows = h.db.$client
      .prepare("select kind, payload from outbox where entry_id = ?")
      .all(id) as { kind: string; payload: string }[];

    expect(rows).toHaveLength(1);
    expect(rows[0]?.kind).toBe("completion");
    expect(JSON.parse(rows[0]?.payload ?? "null")).toEqual({
      reason: "criterion_met",
      verdict: "completed",
    });
  });
});
