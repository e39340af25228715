import { afterEach, describe, expect, it } from "vitest";

import { apiKey, entrySpec, makeRegistry } from "./testing/harness";

let h: ReturnType<typeof makeRegistry>;

afterEach(async () => {
  await h.close();
});

describe("recording fragments", () => {
  it("closes when every expectation is ok and says why", async () => {
    h = makeRegistry();
    const { id } = await h.registry.openEntry(entrySpec());
    await h.registry.recordFragment(
      id,
      { key: "budget", outcome: "ok", payload: { left: 900 } },
      apiKey,
    );
    const last = await h.registry.recordFragment(
      id,
      { key: "policy", outcome: "ok" },
      apiKey,
    );

    expect(last.disposition).toBe("accepted");
    expect(last.entry.state).toBe("closed");
    expect(last.entry.closure?.reason).toBe("criterion_met");
    expect(last.entry.closure?.decidingFragmentId).toBe(last.fragmentId);
    const timeline = await h.registry.getTimeline(id);
    expect(timeline.map((e) => e.type)).toContain("entry.closed");
    expect(timeline.map((e) => e.type)).toContain("completion.queued");
  });
});
