import { describe, expect, it } from "vitest";

import { apiKey, entrySpec } from "./testing/harness";
import {
  elapse,
  eventTypes,
  person,
  post,
  registriesPerTest,
  type Harness,
} from "./testing/helpers";

const fresh = registriesPerTest();

async function bookingEntry(h: Harness) {
  return h.registry.openEntry(
    entrySpec({
      question: "Can I book SFO to JFK on 3 May for $640?",
      expect: [
        { key: "budget", kind: "tool" },
        { key: "policy", kind: "agent", timeout: "30s" },
        {
          key: "approval",
          kind: "human",
          assignee: "group:managers",
          after: ["budget", "policy"],
          prompt: "Approve this spend?",
        },
      ],
      criterion: { all: ["budget", "policy", "approval"] },
      veto: ["approval"],
      deadline: "45m",
      onDeadline: "fail",
    }),
  );
}

describe("the timeline", () => {
  it("has a row for every change of a typical call, in order", async () => {
    const h = fresh();
    const ana = person("ana@example.com", ["managers"]);
    const { id } = await bookingEntry(h);
    h.advance(40);
    await post(h, id, "budget", "ok", { payload: { left: 900 } });
    h.advance(2_000);
    await post(h, id, "policy", "progress", { payload: { step: "rules" } });
    await post(h, id, "policy", "ok", { payload: { allowed: true } });
    h.advance(60_000);
    await post(h, id, "approval", "ok", { payload: { by: "ana" } }, ana);
    h.advance(5);
    await post(h, id, "budget", "ok", { payload: { left: 260 } });

    expect(await eventTypes(h, id)).toEqual([
      "entry.opened",
      "expectation.added",
      "expectation.added",
      "expectation.added",
      "fragment.accepted",
      "expectation.resolved",
      "fragment.progress",
      "fragment.accepted",
      "expectation.resolved",
      "expectation.unblocked",
      "approval.requested",
      "fragment.accepted",
      "expectation.resolved",
      "entry.closed",
      "completion.queued",
      "fragment.late",
    ]);
  });

  it("is read in write order, with times never going back", async () => {
    const h = fresh();
    const { id } = await bookingEntry(h);
    await post(h, id, "budget", "ok");
    await elapse(h, 31_000);

    const rows = await h.registry.getTimeline(id);

    const ids = rows.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const times = rows.map((r) => r.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(rows.map((r) => r.type).slice(-4)).toEqual([
      "expectation.timed_out",
      "expectation.failed",
      "entry.closed",
      "completion.queued",
    ]);
  });

  it("pages from a cursor", async () => {
    const h = fresh();
    const { id } = await bookingEntry(h);
    await post(h, id, "budget", "ok");

    const first = await h.registry.getTimeline(id, 0, 3);
    const rest = await h.registry.getTimeline(id, first.at(-1)?.id ?? 0);

    expect(first).toHaveLength(3);
    expect([...first, ...rest].map((r) => r.type)).toEqual(
      await eventTypes(h, id),
    );
  });

  it("is heard by listeners only once another reader can see it", async () => {
    const h = fresh();
    const reader = fresh({ file: h.file });
    const { id } = await bookingEntry(h);
    const seen: string[] = [];
    h.registry.events.on("timeline", (event) => {
      const row = reader.db.$client
        .prepare("select count(*) as n from timeline_events where id = ?")
        .get(event.id) as { n: number };
      seen.push(`${event.type}:${row.n}`);
    });

    await post(h, id, "budget", "ok");

    expect(seen).toEqual(["fragment.accepted:1", "expectation.resolved:1"]);
  });

  it("a refused change leaves no row", async () => {
    const h = fresh();
    const { id } = await bookingEntry(h);
    const before = await eventTypes(h, id);

    await expect(post(h, id, "approval", "ok", {}, apiKey)).rejects.toThrow();

    expect(await eventTypes(h, id)).toEqual(before);
  });
});
