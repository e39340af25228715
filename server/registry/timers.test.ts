import { describe, expect, it } from "vitest";

import { entrySpec } from "./testing/harness";
import {
  elapse,
  eventsOf,
  eventTypes,
  post,
  schedulerOf,
  registriesPerTest,
  stateOf,
  timerCount,
} from "./testing/helpers";

const fresh = registriesPerTest();

function chained(timeout?: string) {
  return entrySpec({
    expect: [
      { key: "budget", kind: "tool" },
      { key: "policy", kind: "agent" },
      {
        key: "approval",
        kind: "agent",
        after: ["budget", "policy"],
        timeout,
      },
    ],
  });
}

describe("after", () => {
  it("an expectation is blocked until its after keys resolve", async () => {
    const h = fresh();
    const opened = await h.registry.openEntry(chained());

    await post(h, opened.id, "budget", "ok");
    const halfway = await stateOf(h, opened.id, "approval");
    await post(h, opened.id, "policy", "ok");

    expect(opened.expectations.map((e) => e.state)).toEqual([
      "waiting",
      "waiting",
      "blocked",
    ]);
    expect(halfway).toBe("blocked");
    expect(await stateOf(h, opened.id, "approval")).toBe("waiting");
    const rows = await eventsOf(h, opened.id, "expectation.unblocked");
    expect(rows.map((r) => r.data)).toEqual([{ key: "approval" }]);
  });

  it("a no on an after key still unblocks (it resolved)", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool" },
          { key: "policy", kind: "agent", after: ["budget"] },
        ],
        criterion: { any: "*" },
      }),
    );

    await post(h, id, "budget", "negative");

    expect(await stateOf(h, id, "policy")).toBe("waiting");
  });

  it("fails when an after key fails, saying which", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool" },
          { key: "policy", kind: "agent" },
          { key: "approval", kind: "agent", after: ["budget"] },
        ],
        criterion: { any: "*" },
      }),
    );

    await post(h, id, "budget", "error");

    expect(await stateOf(h, id, "approval")).toBe("failed");
    const rows = await eventsOf(h, id, "expectation.failed");
    expect(rows.map((r) => r.data)).toEqual([
      { key: "budget", outcome: "error" },
      { key: "approval", because: '"budget" failed' },
    ]);
    const record = await h.registry.getEntry(id);
    expect(record.entry.state).toBe("open");
  });

  it("fails when an after key times out", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool", timeout: "5s" },
          { key: "policy", kind: "agent" },
          { key: "approval", kind: "agent", after: ["budget"] },
        ],
        criterion: { any: "*" },
      }),
    );

    await elapse(h, 5_000);

    expect(await stateOf(h, id, "approval")).toBe("failed");
    const rows = await eventsOf(h, id, "expectation.failed");
    expect(rows[0]?.data).toEqual({
      key: "approval",
      because: '"budget" timed out',
    });
  });

  it("failing down a chain closes the entry when nothing is left", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool" },
          { key: "policy", kind: "agent", after: ["budget"] },
          { key: "approval", kind: "agent", after: ["policy"] },
        ],
        criterion: { any: ["policy", "approval"] },
      }),
    );

    const tip = await post(h, id, "budget", "error");

    expect(await stateOf(h, id, "approval")).toBe("failed");
    expect(tip.entry.closure?.reason).toBe("unsatisfiable");
  });

  it("one added after resolved keys waits at once", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());
    await post(h, id, "budget", "ok");

    const added = await h.registry.addExpectations(id, [
      { key: "review", kind: "llm", after: ["budget"] },
    ]);

    expect(added.expectations[0]?.state).toBe("waiting");
    const types = await eventTypes(h, id);
    expect(types.slice(-2)).toEqual([
      "expectation.added",
      "expectation.unblocked",
    ]);
  });
});

describe("timeouts", () => {
  it("an expectation times out when its timeout passes", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool", timeout: "500ms" },
          { key: "policy", kind: "agent" },
        ],
        criterion: { any: "*" },
      }),
    );

    await elapse(h, 499);
    const before = await stateOf(h, id, "budget");
    await elapse(h, 1);

    expect(before).toBe("waiting");
    expect(await stateOf(h, id, "budget")).toBe("timed_out");
    const rows = await eventsOf(h, id, "expectation.timed_out");
    expect(rows[0]?.data).toMatchObject({ key: "budget", lagMs: 0 });
  });

  it("a resolved expectation never times out", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool", timeout: "10s" },
          { key: "policy", kind: "agent" },
        ],
      }),
    );
    await post(h, id, "budget", "ok");

    await elapse(h, 60_000);

    expect(await stateOf(h, id, "budget")).toBe("resolved");
    expect(await eventsOf(h, id, "expectation.timed_out")).toEqual([]);
  });

  it("a timeout starts when the expectation is unblocked", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(chained("30s"));
    await elapse(h, 60_000);
    await post(h, id, "budget", "ok");
    await post(h, id, "policy", "ok");
    const unblockedAt = h.clock.now;

    await elapse(h, 29_999);
    const before = await stateOf(h, id, "approval");
    await elapse(h, 1);

    expect(before).toBe("waiting");
    const record = await h.registry.getEntry(id);
    const approval = record.expectations.find((e) => e.key === "approval");
    expect(approval).toMatchObject({
      state: "timed_out",
      timeoutAt: unblockedAt + 30_000,
    });
  });
});

describe("a deadline and the deciding fragment at the same instant", () => {
  it("the fragment first: one closure, by the criterion", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({ deadline: "10m", onDeadline: "fail" }),
    );
    await post(h, id, "budget", "ok");
    h.advance(10 * 60_000);

    await post(h, id, "policy", "ok");
    await schedulerOf(h).tick();

    const record = await h.registry.getEntry(id);
    expect(record.closure).toMatchObject({
      reason: "criterion_met",
      closedAt: h.clock.now,
    });
    expect(await eventsOf(h, id, "entry.closed")).toHaveLength(1);
    expect(await eventsOf(h, id, "deadline.fired")).toEqual([]);
  });

  it("the deadline first: one closure, by the deadline", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({ deadline: "10m", onDeadline: "fail" }),
    );
    await post(h, id, "budget", "ok");
    h.advance(10 * 60_000);

    await schedulerOf(h).tick();
    const late = await post(h, id, "policy", "ok");

    expect(late).toMatchObject({ disposition: "late" });
    const record = await h.registry.getEntry(id);
    expect(record.closure).toMatchObject({
      reason: "deadline",
      verdict: "failed",
    });
    expect(record.fragments.find((f) => f.key === "policy")?.lateByMs).toBe(0);
    expect(await eventsOf(h, id, "entry.closed")).toHaveLength(1);
  });

  it("a timeout and the deadline due together close once", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool", timeout: "1m" },
          { key: "policy", kind: "agent" },
        ],
        deadline: "1m",
      }),
    );

    await elapse(h, 60_000);

    expect(await eventsOf(h, id, "entry.closed")).toHaveLength(1);
    expect(timerCount(h, id)).toBe(0);
  });
});

describe("the scheduler", () => {
  it("fires only what is due, in due order, across entries", async () => {
    const h = fresh();
    const scheduler = schedulerOf(h);
    const soon = await h.registry.openEntry(entrySpec({ deadline: "1m" }));
    const later = await h.registry.openEntry(entrySpec({ deadline: "2m" }));

    h.advance(90_000);
    await scheduler.tick();

    const a = await h.registry.getEntry(soon.id);
    const b = await h.registry.getEntry(later.id);
    expect(a.entry.state).toBe("closed");
    expect(b.entry.state).toBe("open");
    expect(await h.registry.store.nextDueAt()).toBe(b.entry.deadlineAt);
  });

  it("started, it fires a timer due now without being ticked", async () => {
    const h = fresh();
    const scheduler = schedulerOf(h);
    const { id } = await h.registry.openEntry(entrySpec({ deadline: "1s" }));
    const closed = new Promise<void>((resolve) => {
      h.registry.events.on("timeline", (event) => {
        if (event.entryId === id && event.type === "entry.closed") {
          resolve();
        }
      });
    });

    h.advance(1_000);
    scheduler.start();
    await closed;
    await scheduler.stop();

    const record = await h.registry.getEntry(id);
    expect(record.closure?.reason).toBe("deadline");
  });
});
