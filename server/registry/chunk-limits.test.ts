import { describe, expect, it } from "vitest";

import { TooLargeError, ValidationError } from "./errors";
import { createRegistry } from "./registry";
import type { RegistryStore, Snapshot, Step } from "./store";
import { SqliteStore } from "./store/sqlite";
import { apiKey, entrySpec } from "./testing/harness";
import { eventsOf, registriesPerTest, type Harness } from "./testing/helpers";

const fresh = registriesPerTest();

const draftOnly = { expect: [{ key: "draft", kind: "llm" }] };

function chunk(
  h: Harness,
  entryId: string,
  seq: number,
  delta: string,
  done = false,
) {
  return h.registry.recordChunk(entryId, "draft", { seq, delta, done }, apiKey);
}

/**
 * A registry on the harness's database whose store keeps every snapshot a
 * step plans from and counts the reads of a stream's stored chunks.
 */
function watched(h: Harness) {
  const inner = new SqliteStore(h.db);
  const seen: Snapshot[] = [];
  const reads = { chunks: 0 };
  const store: RegistryStore = {
    commit<R>(step: Step<R>) {
      return inner.commit({
        ...step,
        plan: (snapshot) => {
          if (snapshot) {
            seen.push(snapshot);
          }
          const stream = snapshot?.stream;
          if (stream) {
            const { readChunks } = stream;
            stream.readChunks = () => {
              reads.chunks += 1;

              return readChunks();
            };
          }

          return step.plan(snapshot);
        },
      });
    },
    readEntry: (id) => inner.readEntry(id),
    readTimeline: (id, after, limit) => inner.readTimeline(id, after, limit),
    dueTimers: (now, limit) => inner.dueTimers(now, limit),
    nextDueAt: () => inner.nextDueAt(),
    close: () => Promise.resolve(),
  };

  return { registry: createRegistry({ store, deciders: null }), seen, reads };
}

/** The stream's summary row beside what its chunk rows add up to. */
function streamRows(h: Harness, entryId: string) {
  const client = h.db.$client;
  const kept = client
    .prepare(
      `select chunk_count as chunkCount, last_seq as lastSeq,
         done_seq as doneSeq, bytes from streams
       where entry_id = ? and key = 'draft'`,
    )
    .get(entryId);
  const counted = client
    .prepare(
      `select count(*) as chunkCount, max(seq) as lastSeq,
         max(case when done then seq end) as doneSeq,
         sum(length(cast(delta as blob))) as bytes from chunks
       where entry_id = ? and key = 'draft'`,
    )
    .get(entryId);

  return { kept, counted };
}

describe("the cost of a chunk", () => {
  it("does not grow with the chunks already stored", async () => {
    const h = fresh();
    const { registry, seen, reads } = watched(h);
    const { id } = await registry.openEntry(entrySpec(draftOnly));
    const delta = "x".repeat(1000);

    for (let seq = 0; seq < 300; seq += 1) {
      await registry.recordChunk(id, "draft", { seq, delta }, apiKey);
    }
    const end = await registry.recordChunk(
      id,
      "draft",
      { seq: 300, delta: "", done: true },
      apiKey,
    );

    // What a chunk plans from is the same size at the 2nd and the 300th.
    const size = (s: Snapshot | undefined) => JSON.stringify(s).length;
    expect(seen).toHaveLength(301);
    expect(size(seen[299]) - size(seen[1])).toBeLessThan(40);
    expect(seen[299]?.stream?.state).toEqual({
      chunkCount: 299,
      lastSeq: 298,
      doneSeq: null,
      bytes: 299_000,
    });
    // The deltas are read once, by the chunk that completes the stream.
    expect(reads.chunks).toBe(1);
    expect(end.disposition).toBe("complete");
    const record = await h.registry.getEntry(id);
    expect(record.fragments[0]?.payload).toEqual({
      text: delta.repeat(300),
    });
  });

  it("is decided from a summary that matches the stored chunks", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec(draftOnly));

    await chunk(h, id, 2, "ün");
    await chunk(h, id, 0, "Gr");
    await chunk(h, id, 0, "again");
    await chunk(h, id, 4, "!", true);
    await chunk(h, id, 9, "past the end").catch(() => null);
    await h.registry.cancelEntry(id);
    await chunk(h, id, 1, "late ");

    const { kept, counted } = streamRows(h, id);
    expect(kept).toEqual({ chunkCount: 4, lastSeq: 4, doneSeq: 4, bytes: 11 });
    expect(kept).toEqual(counted);
  });
});

describe("the size of a stream", () => {
  it("stops at the limit: the chunk past it is refused, nothing kept", async () => {
    const h = fresh({ streamLimitBytes: 10 });
    const { id } = await h.registry.openEntry(entrySpec(draftOnly));
    await chunk(h, id, 0, "12345");
    await chunk(h, id, 1, "67é");

    const over = chunk(h, id, 2, "ab");

    await expect(over).rejects.toThrow(TooLargeError);
    await expect(over).rejects.toThrow("limit of 10 bytes");
    await expect(over).rejects.toMatchObject({
      code: "payload_too_large",
      details: { key: "draft", seq: 2, limitBytes: 10, storedBytes: 9 },
    });
    const received = await eventsOf(h, id, "chunk.received");
    expect(received.map((e) => e.data.seq)).toEqual([0, 1]);
    expect(streamRows(h, id).counted).toMatchObject({ chunkCount: 2 });
  });

  it("may reach the limit exactly and still complete", async () => {
    const h = fresh({ streamLimitBytes: 10 });
    const { id } = await h.registry.openEntry(entrySpec(draftOnly));
    await chunk(h, id, 0, "12345");
    await chunk(h, id, 1, "6789");

    const last = await chunk(h, id, 2, "0");
    const again = await chunk(h, id, 2, "0");
    const end = await chunk(h, id, 3, "", true);

    expect([last, again, end].map((r) => r.disposition)).toEqual([
      "accepted",
      "duplicate",
      "complete",
    ]);
    const record = await h.registry.getEntry(id);
    expect(record.fragments[0]?.payload).toEqual({ text: "1234567890" });
  });

  it("bounds late chunks the same way", async () => {
    const h = fresh({ streamLimitBytes: 8 });
    const { id } = await h.registry.openEntry(entrySpec(draftOnly));
    await chunk(h, id, 0, "1234");
    await h.registry.cancelEntry(id);

    const late = await chunk(h, id, 1, "5678");
    const over = chunk(h, id, 2, "9");

    expect(late.disposition).toBe("late");
    await expect(over).rejects.toThrow(TooLargeError);
    expect(await eventsOf(h, id, "chunk.late")).toHaveLength(1);
  });

  it("is 1 MiB when not configured", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec(draftOnly));
    await chunk(h, id, 0, "x".repeat(1_048_576));

    await expect(chunk(h, id, 1, "y")).rejects.toThrow(
      "limit of 1048576 bytes",
    );
  });

  it("holds at most 100,000 chunks: a seq past that is refused", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec(draftOnly));

    const last = await chunk(h, id, 99_999, "end", true);
    const beyond = chunk(h, id, 100_000, "x");

    expect(last.disposition).toBe("held");
    await expect(beyond).rejects.toThrow(ValidationError);
    await expect(beyond).rejects.toThrow("invalid chunk: seq");
  });
});
