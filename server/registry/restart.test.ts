import { describe, expect, it } from "vitest";

import { apiKey, entrySpec } from "./testing/harness";
import {
  elapse,
  eventsOf,
  post,
  schedulerOf,
  registriesPerTest,
} from "./testing/helpers";

const fresh = registriesPerTest();

describe("after a restart on the same SQLite file", () => {
  it("every recorded fragment is still there, as it was", async () => {
    const h = fresh();
    const open = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool" },
          { key: "policy", kind: "agent", repeat: "last" },
          { key: "summary", kind: "llm" },
        ],
      }),
    );
    const closed = await h.registry.openEntry(entrySpec());
    await post(h, open.id, "budget", "ok", { payload: { left: 900 } });
    h.advance(1);
    await post(h, open.id, "policy", "ok", { payload: { v: 1 } });
    h.advance(1);
    await post(h, open.id, "policy", "ok", { payload: { v: 2 } });
    h.advance(1);
    await post(h, open.id, "extra", "ok", { idempotencyKey: "extra-1" });
    h.advance(1);
    await post(h, open.id, "policy", "progress", { payload: { step: 3 } });
    await h.registry.recordChunk(
      open.id,
      "summary",
      { seq: 0, delta: "Half" },
      apiKey,
    );
    await post(h, closed.id, "budget", "ok");
    h.advance(1);
    await post(h, closed.id, "policy", "ok");
    h.advance(1);
    await post(h, closed.id, "policy", "negative");
    const before = {
      open: await h.registry.getEntry(open.id),
      closed: await h.registry.getEntry(closed.id),
      timeline: await h.registry.getTimeline(open.id),
    };
    await h.close();

    const again = fresh({ file: h.file });
    const after = {
      open: await again.registry.getEntry(open.id),
      closed: await again.registry.getEntry(closed.id),
      timeline: await again.registry.getTimeline(open.id),
    };

    expect(after).toEqual(before);
    expect(after.open.fragments.map((f) => f.disposition)).toEqual([
      "accepted",
      "superseded",
      "accepted",
      "buffered",
      "accepted",
    ]);
    expect(after.closed.fragments.map((f) => f.disposition)).toEqual([
      "accepted",
      "accepted",
      "late",
    ]);
  });

  it("carries on where it stopped", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool" },
          { key: "summary", kind: "llm" },
        ],
      }),
    );
    await post(h, id, "budget", "ok", { idempotencyKey: "budget-1" });
    await h.registry.recordChunk(
      id,
      "summary",
      { seq: 0, delta: "All " },
      apiKey,
    );
    await h.close();

    const again = fresh({ file: h.file });
    const replay = await post(again, id, "budget", "ok", {
      idempotencyKey: "budget-1",
    });
    const end = await again.registry.recordChunk(
      id,
      "summary",
      { seq: 1, delta: "good.", done: true },
      apiKey,
    );

    expect(replay.replayed).toBe(true);
    expect(end.entry.closure?.reason).toBe("criterion_met");
    const record = await again.registry.getEntry(id);
    const made = record.fragments.find((f) => f.id === end.fragmentId);
    expect(made?.payload).toEqual({ text: "All good." });
  });

  it("an overdue deadline fires exactly once", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({ deadline: "10m", onDeadline: "fail" }),
    );
    await post(h, id, "budget", "ok");
    await h.close();

    const again = fresh({ file: h.file });
    again.advance(60 * 60_000);
    const scheduler = schedulerOf(again);
    await scheduler.tick();
    await scheduler.tick();

    const record = await again.registry.getEntry(id);
    expect(record.closure).toMatchObject({
      reason: "deadline",
      verdict: "failed",
    });
    expect(await eventsOf(again, id, "entry.closed")).toHaveLength(1);
    const fired = await eventsOf(again, id, "deadline.fired");
    expect(fired).toHaveLength(1);
    expect(fired[0]?.data).toMatchObject({ lagMs: 50 * 60_000 });
  });

  it("a timer that already fired does not fire again", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool", timeout: "1m" },
          { key: "policy", kind: "agent", timeout: "1h" },
        ],
        criterion: { any: "*" },
      }),
    );
    await elapse(h, 60_000);
    await h.close();

    const again = fresh({ file: h.file });
    await elapse(again, 2 * 60_000);

    const record = await again.registry.getEntry(id);
    expect(record.entry.state).toBe("open");
    expect(await eventsOf(again, id, "expectation.timed_out")).toHaveLength(1);
    const timers = again.db.$client
      .prepare("select kind, target from timers where entry_id = ?")
      .all(id);
    expect(timers).toEqual([{ kind: "timeout", target: "policy" }]);
  });

  it("two instances on one file fire a due timer once", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec({ deadline: "1m" }));
    const other = fresh({ file: h.file });
    h.advance(60_000);
    other.advance(60_000);
    const due = await h.registry.store.dueTimers(h.clock.now, 10);

    const results = await Promise.all([
      h.registry.fireTimer(due[0]!),
      other.registry.fireTimer(due[0]!),
      schedulerOf(other).tick(),
    ]);

    expect(results.slice(0, 2).sort()).toEqual(["fired", "gone"]);
    expect(await eventsOf(h, id, "entry.closed")).toHaveLength(1);
  });
});
