import { describe, expect, it } from "vitest";

import { entrySpec } from "./testing/harness";
import {
  eventTypes,
  post,
  registriesPerTest,
  schedulerOf,
} from "./testing/helpers";

const fresh = registriesPerTest();

describe("what fell due before the scheduler woke", () => {
  it("a result after the deadline is late, though no tick ran", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({ deadline: "1m", onDeadline: "fail" }),
    );
    h.advance(60_001);

    const answer = await post(h, id, "budget", "ok");

    expect(answer.disposition).toBe("late");
    expect(answer.entry.closure).toMatchObject({
      reason: "deadline",
      verdict: "failed",
    });
    expect(await eventTypes(h, id)).toContain("deadline.fired");
    await schedulerOf(h).tick();
    const closed = (await eventTypes(h, id)).filter(
      (t) => t === "entry.closed",
    );
    expect(closed).toHaveLength(1);
  });

  it("a result at the deadline's very instant still counts", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({ deadline: "1m", onDeadline: "fail" }),
    );
    await post(h, id, "budget", "ok");
    h.advance(60_000);

    const answer = await post(h, id, "policy", "ok");

    expect(answer.entry.closure?.reason).toBe("criterion_met");
  });

  it("a result after its own timeout is late and the slot timed out", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool", timeout: "10s" },
          { key: "policy", kind: "agent" },
        ],
      }),
    );
    h.advance(10_001);

    const answer = await post(h, id, "budget", "ok");

    expect(answer.disposition).toBe("late");
    expect(answer.entry.closure?.reason).toBe("unsatisfiable");
    const record = await h.registry.getEntry(id);
    const budget = record.expectations.find((e) => e.key === "budget");
    expect(budget?.state).toBe("timed_out");
  });
});
