import { describe, expect, it } from "vitest";

import { ConflictError, NotFoundError } from "./errors";
import { apiKey, entrySpec } from "./testing/harness";
import {
  eventsOf,
  eventTypes,
  post,
  registriesPerTest,
  type Harness,
} from "./testing/helpers";

const fresh = registriesPerTest();

function chunk(
  h: Harness,
  entryId: string,
  key: string,
  seq: number,
  delta: string,
  done = false,
) {
  return h.registry.recordChunk(entryId, key, { seq, delta, done }, apiKey);
}

async function streamEntry(h: Harness) {
  return h.registry.openEntry(
    entrySpec({
      expect: [
        { key: "budget", kind: "tool" },
        { key: "summary", kind: "llm" },
      ],
    }),
  );
}

describe("streaming a result in chunks", () => {
  it("done turns the chunks into the fragment, with payload text", async () => {
    const h = fresh();
    const { id } = await streamEntry(h);

    const a = await chunk(h, id, "summary", 0, "Book ");
    const b = await chunk(h, id, "summary", 1, "the ");
    const c = await chunk(h, id, "summary", 2, "flight.", true);

    expect([a.disposition, b.disposition, c.disposition]).toEqual([
      "accepted",
      "accepted",
      "complete",
    ]);
    const record = await h.registry.getEntry(id);
    const made = record.fragments.find((f) => f.id === c.fragmentId);
    expect(made).toMatchObject({
      key: "summary",
      outcome: "ok",
      payload: { text: "Book the flight." },
      disposition: "accepted",
      source: "stream",
    });
    const summary = record.expectations.find((e) => e.key === "summary");
    expect(summary?.state).toBe("resolved");
  });

  it("the first chunk moves the expectation to streaming", async () => {
    const h = fresh();
    const { id } = await streamEntry(h);

    await chunk(h, id, "summary", 0, "Book");

    const record = await h.registry.getEntry(id);
    const summary = record.expectations.find((e) => e.key === "summary");
    expect(summary?.state).toBe("streaming");
    expect(await eventsOf(h, id, "expectation.streaming")).toHaveLength(1);
    const rows = await eventsOf(h, id, "chunk.received");
    expect(rows[0]?.data).toEqual({
      key: "summary",
      seq: 0,
      delta: "Book",
      done: false,
    });
  });

  it("a repeated seq is ignored", async () => {
    const h = fresh();
    const { id } = await streamEntry(h);
    await chunk(h, id, "summary", 0, "Book ");

    const again = await chunk(h, id, "summary", 0, "Book ");
    const end = await chunk(h, id, "summary", 1, "now.", true);

    expect(again).toMatchObject({ disposition: "duplicate", fragmentId: null });
    const record = await h.registry.getEntry(id);
    const made = record.fragments.find((f) => f.id === end.fragmentId);
    expect(made?.payload).toEqual({ text: "Book now." });
    expect(await eventsOf(h, id, "chunk.received")).toHaveLength(2);
  });

  it("a gap is held until filled, and the text is in seq order", async () => {
    const h = fresh();
    const { id } = await streamEntry(h);

    const last = await chunk(h, id, "summary", 2, "flight.", true);
    const first = await chunk(h, id, "summary", 0, "Book ");
    const middle = await chunk(h, id, "summary", 1, "the ");

    expect(last.disposition).toBe("held");
    expect(first.disposition).toBe("held");
    expect(middle.disposition).toBe("complete");
    const record = await h.registry.getEntry(id);
    const made = record.fragments.find((f) => f.id === middle.fragmentId);
    expect(made?.payload).toEqual({ text: "Book the flight." });
  });

  it("an unfilled gap never makes a fragment", async () => {
    const h = fresh();
    const { id } = await streamEntry(h);

    await chunk(h, id, "summary", 0, "Book ");
    const end = await chunk(h, id, "summary", 2, "flight.", true);

    expect(end).toMatchObject({ disposition: "held", fragmentId: null });
    const record = await h.registry.getEntry(id);
    expect(record.fragments).toEqual([]);
  });

  it("the finished stream can close the entry", async () => {
    const h = fresh();
    const { id } = await streamEntry(h);
    await post(h, id, "budget", "ok");

    const end = await chunk(h, id, "summary", 0, "All good.", true);

    expect(end.entry.closure).toMatchObject({
      reason: "criterion_met",
      decidingFragmentId: end.fragmentId,
    });
  });

  it("a chunk after closure is late and changes nothing", async () => {
    const h = fresh();
    const { id } = await streamEntry(h);
    await chunk(h, id, "summary", 0, "Book ");
    const cancelled = await h.registry.cancelEntry(id);

    const late = await chunk(h, id, "summary", 1, "now.", true);

    expect(late).toMatchObject({
      disposition: "late",
      fragmentId: null,
      entry: { state: "closed", closure: cancelled.closure },
    });
    const record = await h.registry.getEntry(id);
    expect(record.fragments).toEqual([]);
    expect(await eventTypes(h, id)).toContain("chunk.late");
  });

  it("a chunk past the done seq is refused", async () => {
    const h = fresh();
    const { id } = await streamEntry(h);
    await chunk(h, id, "summary", 0, "Book ");
    await chunk(h, id, "summary", 1, "now.", true);

    const extra = chunk(h, id, "summary", 2, " Or not.");

    await expect(extra).rejects.toThrow(ConflictError);
    await expect(extra).rejects.toThrow("ended at seq 1");
  });

  it("a chunk past the done seq is refused before the end", async () => {
    const h = fresh();
    const { id } = await streamEntry(h);
    await chunk(h, id, "summary", 1, "now.", true);

    const extra = chunk(h, id, "summary", 2, " Or not.");

    await expect(extra).rejects.toThrow("ended at seq 1");
  });

  it("a done chunk below a seq already in is refused", async () => {
    const h = fresh();
    const { id } = await streamEntry(h);
    await chunk(h, id, "summary", 5, "five");

    const end = chunk(h, id, "summary", 1, "one", true);

    await expect(end).rejects.toThrow(ConflictError);
    await expect(end).rejects.toThrow("cannot end at seq 1");
    await chunk(h, id, "summary", 0, "zero ");
    const record = await h.registry.getEntry(id);
    expect(record.fragments).toEqual([]);
  });

  it("a second done chunk below the first is refused", async () => {
    const h = fresh();
    const { id } = await streamEntry(h);
    await chunk(h, id, "summary", 2, "two", true);

    const end = chunk(h, id, "summary", 1, "one", true);

    await expect(end).rejects.toThrow("cannot end at seq 1");
  });

  it("a chunk for an expectation that is not there is not found", async () => {
    const h = fresh();
    const { id } = await streamEntry(h);

    await expect(chunk(h, id, "nowhere", 0, "x")).rejects.toThrow(
      NotFoundError,
    );
  });

  it("a chunk for a blocked expectation is refused and not kept", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool" },
          { key: "summary", kind: "llm", after: ["budget"] },
        ],
      }),
    );

    const early = chunk(h, id, "summary", 0, "Book");

    await expect(early).rejects.toThrow(ConflictError);
    await post(h, id, "budget", "ok");
    const first = await chunk(h, id, "summary", 0, "Book", true);
    expect(first.disposition).toBe("complete");
  });

  it("a chunk for an expectation resolved otherwise is ignored", async () => {
    const h = fresh();
    const { id } = await streamEntry(h);
    await post(h, id, "summary", "ok", { payload: { text: "Direct." } });

    const ignored = await chunk(h, id, "summary", 0, "Streamed.", true);

    expect(ignored.disposition).toBe("duplicate");
    expect(await eventTypes(h, id)).toContain("chunk.ignored");
    const record = await h.registry.getEntry(id);
    expect(record.fragments).toHaveLength(1);
  });
});
