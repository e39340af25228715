import { describe, expect, it } from "vitest";

import { entrySpec } from "@/server/registry/testing/harness";
import { post, registriesPerTest } from "@/server/registry/testing/helpers";

import { axisTicks, buildTimeline } from "./timeline-model";

const fresh = registriesPerTest();

describe("the timeline picture", () => {
  it("draws a lane per key from asked to arrived, closure and late ones", async () => {
    const h = fresh();
    const opened = h.clock.now;
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool" },
          { key: "policy", kind: "agent", after: ["budget"] },
        ],
        deadline: "2h",
      }),
    );
    h.advance(1_000);
    await post(h, id, "budget", "ok");
    h.advance(2_000);
    await post(h, id, "policy", "ok");
    h.advance(500);
    await post(h, id, "policy", "ok");
    const record = await h.registry.getEntry(id);
    const events = await h.registry.getTimeline(id);

    const model = buildTimeline(
      record.entry,
      record.expectations,
      events,
      h.clock.now,
    );

    const [budget, policy] = model.lanes;
    expect(budget).toMatchObject({
      key: "budget",
      askedAt: opened,
      endedAt: opened + 1_000,
      end: "resolved",
    });
    expect(policy).toMatchObject({
      blockedAt: opened,
      askedAt: opened + 1_000,
      endedAt: opened + 3_000,
    });
    expect(policy?.arrivals.map((a) => a.late)).toEqual([false, true]);
    expect(model.closedAt).toBe(opened + 3_000);
    expect(model.deadlineShown).toBe(false);
    expect(model.end).toBe(opened + 3_500);
  });

  it("puts round ticks on the axis", () => {
    expect(axisTicks(0, 10_000)).toEqual([
      0, 2_000, 4_000, 6_000, 8_000, 10_000,
    ]);
    expect(axisTicks(0, 45 * 60_000).length).toBeLessThanOrEqual(6);
  });
});
