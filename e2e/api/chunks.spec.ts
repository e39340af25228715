import type { ChunkAnswer } from "@/client/index";

import {
  checkedFetch,
  expect,
  expectError,
  expectUnchanged,
  test,
  type Api,
} from "./fixtures";

const draftOnly = {
  expect: [{ key: "draft", kind: "llm" }],
};

function chunksUrl(entryId: string, key = "draft") {
  return `/api/v1/entries/${entryId}/fragments/${key}/chunks`;
}

function sendChunk(
  api: Api,
  entryId: string,
  chunk: { seq: number; delta: string; done?: boolean },
) {
  return api.post<ChunkAnswer>(chunksUrl(entryId), chunk);
}

/** A request body the test feeds line by line while the server reads it. */
function lineFeed() {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });

  return {
    body,
    send(value: unknown) {
      controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
    },
    sendText(text: string) {
      controller.enqueue(encoder.encode(text));
    },
    end() {
      controller.close();
    },
  };
}

test.describe("streaming chunks as JSON", () => {
  test("repeats are ignored, gaps held, and done makes the fragment", async ({
    api,
  }) => {
    const entry = await api.opened(draftOnly);

    const hel = await sendChunk(api, entry.id, { seq: 0, delta: "Hel" });
    const again = await sendChunk(api, entry.id, { seq: 0, delta: "Hxx" });
    const end = await sendChunk(api, entry.id, {
      seq: 2,
      delta: "!",
      done: true,
    });
    const streaming = await api.entry(entry.id);
    const lo = await sendChunk(api, entry.id, { seq: 1, delta: "lo" });
    const after = await api.entry(entry.id);

    expect([hel, again, end, lo].map((a) => a.status)).toEqual([
      200, 200, 200, 200,
    ]);
    expect(hel.body).toEqual({
      disposition: "accepted",
      fragmentId: null,
      entry: { id: entry.id, state: "open", reason: null },
    });
    expect(again.body).toMatchObject({ disposition: "duplicate" });
    expect(end.body).toMatchObject({ disposition: "held", fragmentId: null });
    expect(streaming.body.expectations[0]?.state).toBe("streaming");
    expect(lo.body).toEqual({
      disposition: "complete",
      fragmentId: expect.stringMatching(/^frg_/),
      entry: { id: entry.id, state: "closed", reason: "criterion_met" },
    });
    expect(after.body.fragments).toEqual([
      expect.objectContaining({
        id: "fragmentId" in lo.body ? lo.body.fragmentId : null,
        key: "draft",
        outcome: "ok",
        payload: { text: "Hello!" },
        disposition: "accepted",
      }),
    ]);
  });

  test("a chunk past the end of a finished stream is a conflict", async ({
    api,
  }) => {
    const entry = await api.opened({
      expect: [
        { key: "draft", kind: "llm" },
        { key: "budget", kind: "tool" },
      ],
    });
    await sendChunk(api, entry.id, { seq: 0, delta: "done", done: true });

    await expectUnchanged(api, entry.id, async () => {
      const beyond = await sendChunk(api, entry.id, { seq: 1, delta: "more" });
      expectError(beyond, 409, "conflict");
    });
  });

  test("chunks after closure are answered as late", async ({ api }) => {
    const entry = await api.opened(draftOnly);
    await api.post(`/api/v1/entries/${entry.id}/cancel`);

    const late = await sendChunk(api, entry.id, { seq: 0, delta: "x" });

    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({
      disposition: "late",
      entry: { state: "closed", reason: "cancelled" },
    });
  });

  test("an expectation the entry does not have is not found", async ({
    api,
  }) => {
    const entry = await api.opened(draftOnly);

    await expectUnchanged(api, entry.id, async () => {
      for (const key of ["summary", "bad%20key", "-x"]) {
        const missing = await api.post(chunksUrl(entry.id, key), {
          seq: 0,
          delta: "x",
        });
        expectError(missing, 404, "not_found");
      }
    });
  });

  test("a human expectation takes no chunks from an API key", async ({
    api,
  }) => {
    const entry = await api.opened({
      expect: [{ key: "approval", kind: "human" }],
    });

    await expectUnchanged(api, entry.id, async () => {
      const refused = await api.post(chunksUrl(entry.id, "approval"), {
        seq: 0,
        delta: "yes",
      });
      expectError(refused, 403, "forbidden");
    });
  });
});

test.describe("streaming chunks as one NDJSON request", () => {
  test("each line is recorded as it arrives, done completes", async ({
    api,
    baseURL,
    contract,
  }) => {
    const entry = await api.opened(draftOnly);
    const feed = lineFeed();
    const answer = checkedFetch(contract)(`${baseURL}${chunksUrl(entry.id)}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${api.key}`,
        "content-type": "application/x-ndjson",
      },
      body: feed.body,
      duplex: "half",
    } as RequestInit);

    feed.send({ seq: 0, delta: "The fare " });
    await expect
      .poll(async () => (await api.entry(entry.id)).body.expectations[0]?.state)
      .toBe("streaming");
    feed.send({ seq: 1, delta: "is $640" });
    feed.send({ seq: 1, delta: "is $640" });
    feed.sendText("\n");
    feed.send({ seq: 2, delta: ".", done: true });
    feed.end();
    const response = await answer;
    const after = await api.entry(entry.id);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      chunks: 4,
      complete: true,
      last: {
        disposition: "complete",
        fragmentId: after.body.fragments[0]?.id,
        entry: { id: entry.id, state: "closed", reason: "criterion_met" },
      },
    });
    expect(after.body.fragments[0]?.payload).toEqual({
      text: "The fare is $640.",
    });
  });

  test("a line that is not JSON ends the stream; earlier lines stand", async ({
    api,
  }) => {
    const entry = await api.opened(draftOnly);
    const body = [
      JSON.stringify({ seq: 0, delta: "kept" }),
      "{not json",
      JSON.stringify({ seq: 1, delta: "never", done: true }),
    ].join("\n");

    const refused = await api.postRaw(
      chunksUrl(entry.id),
      body,
      "application/x-ndjson",
    );
    const timeline = await api.timeline(entry.id);

    expect(expectError(refused, 400, "malformed_json").details).toEqual({
      line: 2,
      recorded: 1,
    });
    const received = timeline.body.events.filter(
      (e) => e.type === "chunk.received",
    );
    expect(received.map((e) => e.data)).toEqual([
      expect.objectContaining({ seq: 0, delta: "kept" }),
    ]);
  });

  test("a refused line says how many lines before it were recorded", async ({
    api,
  }) => {
    const entry = await api.opened(draftOnly);
    const body = [
      JSON.stringify({ seq: 0, delta: "one " }),
      "",
      JSON.stringify({ seq: 0, delta: "one " }),
      JSON.stringify({ seq: 1, delta: "two", done: true }),
      JSON.stringify({ seq: 2, delta: "past the end" }),
      JSON.stringify({ seq: 3, delta: "never" }),
    ].join("\n");

    const refused = await api.postRaw(
      chunksUrl(entry.id),
      body,
      "application/x-ndjson",
    );
    const after = await api.entry(entry.id);

    const error = expectError(refused, 409, "conflict");
    expect(error.details).toMatchObject({ line: 5, recorded: 3 });
    expect(after.body.fragments[0]?.payload).toEqual({ text: "one two" });
  });

  test("a line with wrong fields is refused by the same rules as JSON", async ({
    api,
  }) => {
    const entry = await api.opened(draftOnly);

    await expectUnchanged(api, entry.id, async () => {
      const refused = await api.postRaw(
        chunksUrl(entry.id),
        `${JSON.stringify({ seq: "0", delta: 1, extra: true })}\n`,
        "application/x-ndjson",
      );
      expectError(refused, 400, "invalid_request");
    });
  });
});

// The server under test runs with the default limits: 1 MiB a body, and a
// stream's text bounded by the same.
const LIMIT = 1_048_576;

test.describe("the size of a stream", () => {
  test("the chunk that would pass the limit is refused, nothing of it kept", async ({
    api,
  }) => {
    const entry = await api.opened(draftOnly);
    const first = await sendChunk(api, entry.id, {
      seq: 0,
      delta: "a".repeat(700_000),
    });

    await expectUnchanged(api, entry.id, async () => {
      const over = await sendChunk(api, entry.id, {
        seq: 1,
        delta: "b".repeat(400_000),
      });
      const error = expectError(over, 413, "payload_too_large");
      expect(error.message).toContain(`limit of ${LIMIT} bytes`);
      expect(error.details).toEqual({
        key: "draft",
        seq: 1,
        limitBytes: LIMIT,
        storedBytes: 700_000,
        chunkBytes: 400_000,
      });
    });
    const end = await sendChunk(api, entry.id, {
      seq: 1,
      delta: "b".repeat(LIMIT - 700_000),
      done: true,
    });
    const after = await api.entry(entry.id);

    expect(first.status).toBe(200);
    expect(end.body).toMatchObject({ disposition: "complete" });
    const text = (after.body.fragments[0]?.payload as { text: string }).text;
    expect(text).toHaveLength(LIMIT);
  });

  test("NDJSON lines stop at the limit, saying what was recorded", async ({
    api,
  }) => {
    const entry = await api.opened(draftOnly);
    const line = (seq: number) =>
      JSON.stringify({ seq, delta: "x".repeat(400_000) });

    const refused = await api.postRaw(
      chunksUrl(entry.id),
      [line(0), line(1), line(2), line(3)].join("\n"),
      "application/x-ndjson",
    );
    const timeline = await api.timeline(entry.id);

    const error = expectError(refused, 413, "payload_too_large");
    expect(error.details).toMatchObject({
      limitBytes: LIMIT,
      line: 3,
      recorded: 2,
    });
    const received = timeline.body.events.filter(
      (e) => e.type === "chunk.received",
    );
    expect(received.map((e) => e.data.seq)).toEqual([0, 1]);
  });

  test("late chunks are bounded the same way", async ({ api }) => {
    const entry = await api.opened(draftOnly);
    await api.post(`/api/v1/entries/${entry.id}/cancel`);

    const late = await sendChunk(api, entry.id, {
      seq: 0,
      delta: "a".repeat(700_000),
    });
    const over = await sendChunk(api, entry.id, {
      seq: 1,
      delta: "b".repeat(400_000),
    });
    const timeline = await api.timeline(entry.id);

    expect(late.body).toMatchObject({ disposition: "late" });
    expectError(over, 413, "payload_too_large");
    const lates = timeline.body.events.filter((e) => e.type === "chunk.late");
    expect(lates.map((e) => e.data.seq)).toEqual([0]);
  });

  test("a stream holds at most 100,000 chunks", async ({ api }) => {
    const entry = await api.opened(draftOnly);

    const last = await sendChunk(api, entry.id, { seq: 99_999, delta: "z" });
    await expectUnchanged(api, entry.id, async () => {
      const beyond = await sendChunk(api, entry.id, {
        seq: 100_000,
        delta: "z",
      });
      expect(expectError(beyond, 400, "invalid_request").message).toContain(
        "seq",
      );
    });

    expect(last.body).toMatchObject({ disposition: "held" });
  });
});
