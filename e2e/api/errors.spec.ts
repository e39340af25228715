import {
  checkedFetch,
  entrySpec,
  expect,
  expectError,
  expectUnchanged,
  test,
  uniqueKey,
} from "./fixtures";

const LIMIT = 1_048_576;

test.describe("refusing malformed requests", () => {
  test("a body that is not JSON is 400 malformed_json", async ({ api }) => {
    const entry = await api.opened();

    await expectUnchanged(api, entry.id, async () => {
      for (const raw of [
        "",
        "   ",
        "{",
        '{"key": "budget",}',
        "nul",
        "\u0000",
      ]) {
        const refused = await api.postRaw(
          `/api/v1/entries/${entry.id}/fragments`,
          raw,
          "application/json",
        );
        expectError(refused, 400, "malformed_json");
      }
    });
  });

  test("wrong types and unknown fields are 400 invalid_request", async ({
    api,
  }) => {
    const entry = await api.opened();
    const fragments = [
      { key: "budget", outcome: "maybe" },
      { key: 7, outcome: "ok" },
      { key: "budget", outcome: "ok", definitive: "yes" },
      { key: "budget", outcome: "ok", colour: "blue" },
      { outcome: "ok" },
      [{ key: "budget", outcome: "ok" }],
      "budget",
      null,
    ];

    await expectUnchanged(api, entry.id, async () => {
      for (const fragment of fragments) {
        const refused = await api.post(
          `/api/v1/entries/${entry.id}/fragments`,
          fragment,
        );
        const error = expectError(refused, 400, "invalid_request");
        expect(error.details.issues).toEqual(expect.any(Array));
      }
    });
  });

  test("an entry spec with wrong types or unknown fields is 400", async ({
    api,
  }) => {
    const specs = [
      { ...entrySpec(), requester: 42 },
      { ...entrySpec(), expect: [] },
      { ...entrySpec(), expect: [{ key: "a b", kind: "tool" }] },
      { ...entrySpec(), expect: [{ key: "budget", kind: "tool", due: 1 }] },
      { ...entrySpec(), criterion: { most: ["budget"] } },
      { ...entrySpec(), onDeadline: "explode" },
      { ...entrySpec(), surprise: true },
    ];

    for (const spec of specs) {
      const idempotencyKey = uniqueKey("bad-spec");
      const refused = await api.post("/api/v1/entries", {
        ...spec,
        idempotencyKey,
      });
      expectError(refused, 400, "invalid_request");
      const after = await api.open({ idempotencyKey });
      expect(after.status).toBe(201);
    }
  });

  test("JSON nested past 64 levels is 400; within it is taken", async ({
    api,
  }) => {
    const entry = await api.opened();
    const payload = (depth: number) =>
      `{"key":"budget","outcome":"progress","payload":` +
      `${"[".repeat(depth)}${"]".repeat(depth)}}`;
    const post = (depth: number) =>
      api.postRaw(
        `/api/v1/entries/${entry.id}/fragments`,
        payload(depth),
        "application/json",
      );

    const taken = await post(60);
    await expectUnchanged(api, entry.id, async () => {
      const refused = await post(100);
      const error = expectError(refused, 400, "invalid_request");
      expect(error.message).toContain("deeper than 64");
    });

    expect(taken.status).toBe(200);
  });

  test("a criterion that can never complete is 422, named", async ({ api }) => {
    const cases = [
      { criterion: { all: ["budget", "missing"] }, names: "missing" },
      { criterion: { atLeast: 3, of: "*" }, names: "at least 3" },
      { veto: ["nobody"], names: "nobody" },
      {
        expect: [{ key: "budget", kind: "tool", after: ["budget"] }],
        names: "cycle",
      },
    ];

    for (const { names, ...spec } of cases) {
      const refused = await api.open(spec);
      expect(expectError(refused, 422).message).toContain(names);
    }
  });

  test("an email channel with a requester that is no address is 422", async ({
    api,
  }) => {
    const refused = await api.open({
      requester: "uma",
      channel: { kind: "email" },
    });

    const error = expectError(refused, 422, "invalid");
    expect(error.message).toMatch(/^requester must be an email address/);
    expect(error.details).toEqual({ field: "requester", requester: "uma" });
  });

  test("a deadline already past or unreadable is 422", async ({ api }) => {
    for (const deadline of ["2001-01-01T00:00:00Z", "soonish"]) {
      const refused = await api.open({ deadline });
      expect(expectError(refused, 422).message).toContain("deadline");
    }
  });
});

test.describe("refusing what does not exist", () => {
  test("an unknown entry is 404 on every operation", async ({ api }) => {
    const ids = ["ent_0000000000000000000000000z", "nope", "ent_"];
    for (const id of ids) {
      const base = `/api/v1/entries/${id}`;
      const answers = await Promise.all([
        api.get(base),
        api.get(`${base}/timeline`),
        api.get(`${base}/timeline`, { accept: "text/event-stream" }),
        api.post(`${base}/fragments`, { key: "a", outcome: "ok" }),
        api.post(`${base}/fragments/a/chunks`, { seq: 0, delta: "x" }),
        api.post(`${base}/expectations`, { expect: [{ key: "a", kind: "x" }] }),
        api.post(`${base}/cancel`),
      ]);
      for (const answer of answers) {
        expectError(answer, 404, "not_found");
      }
    }
  });

  test("a child entry of an unknown parent is 404", async ({ api }) => {
    const refused = await api.open({
      parent: { entryId: "ent_0000000000000000000000000z", key: "sub" },
    });

    expectError(refused, 404, "not_found");
  });
});

test.describe("refusing callers", () => {
  test("no API key, or an unknown one, is 401 everywhere", async ({ api }) => {
    const entry = await api.opened();
    const calls = (as: typeof api) => [
      as.post("/api/v1/entries", entrySpec()),
      as.entry(entry.id),
      as.timeline(entry.id),
      as.fragment(entry.id, { key: "budget", outcome: "ok" }),
      as.post(`/api/v1/entries/${entry.id}/cancel`),
    ];

    await expectUnchanged(api, entry.id, async () => {
      for (const as of [api.as(null), api.as("dk_not-a-real-key-at-all")]) {
        for (const answer of await Promise.all(calls(as))) {
          expectError(answer, 401, "unauthenticated");
        }
      }
      const basic = await api.as(null).get(`/api/v1/entries/${entry.id}`, {
        authorization: `Basic ${Buffer.from("a:b").toString("base64")}`,
      });
      expectError(basic, 401, "unauthenticated");
    });
  });

  test("a revoked key stops working at once", async ({ api, keys }) => {
    const made = keys.create("revoked-in-test");
    const caller = api.as(made.secret);
    const entry = await caller.opened();

    keys.revoke(made.id);

    await expectUnchanged(api, entry.id, async () => {
      expectError(await caller.entry(entry.id), 401, "unauthenticated");
      expectError(
        await caller.fragment(entry.id, { key: "budget", outcome: "ok" }),
        401,
        "unauthenticated",
      );
    });
  });
});

test.describe("refusing bodies over the limit", () => {
  const oversized = JSON.stringify({
    key: "budget",
    outcome: "ok",
    payload: "x".repeat(LIMIT),
  });

  test("announced by Content-Length, is 413", async ({ api }) => {
    const entry = await api.opened();

    await expectUnchanged(api, entry.id, async () => {
      const refused = await api.postRaw(
        `/api/v1/entries/${entry.id}/fragments`,
        oversized,
        "application/json",
      );
      const error = expectError(refused, 413, "payload_too_large");
      expect(error.details).toEqual({ limitBytes: LIMIT });
    });
  });

  test("sent chunked without a length, is 413 too", async ({
    api,
    baseURL,
    contract,
  }) => {
    const entry = await api.opened();
    const piece = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > LIMIT + piece.byteLength) {
          controller.close();

          return;
        }
        sent += piece.byteLength;
        controller.enqueue(piece);
      },
    });

    await expectUnchanged(api, entry.id, async () => {
      const response = await checkedFetch(contract)(
        `${baseURL}/api/v1/entries/${entry.id}/fragments`,
        {
          method: "POST",
          headers: {
            authorization: `Bearer ${api.key}`,
            "content-type": "application/json",
          },
          body,
          duplex: "half",
        } as RequestInit,
      );
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({
        error: { code: "payload_too_large" },
      });
    });
    // The rest of that body was left unread, so its connection is closed:
    // the next request from the same client must not land on it.
    const next = await checkedFetch(contract)(
      `${baseURL}/api/v1/entries/${entry.id}`,
      {
        headers: { authorization: `Bearer ${api.key}` },
        signal: AbortSignal.timeout(2_000),
      },
    );
    expect(next.status).toBe(200);
  });

  test("an NDJSON line over the limit is 413", async ({ api }) => {
    const entry = await api.opened({ expect: [{ key: "draft", kind: "llm" }] });
    const line = JSON.stringify({ seq: 0, delta: "x".repeat(LIMIT + 2048) });

    await expectUnchanged(api, entry.id, async () => {
      const refused = await api.postRaw(
        `/api/v1/entries/${entry.id}/fragments/draft/chunks`,
        line,
        "application/x-ndjson",
      );
      expectError(refused, 413, "payload_too_large");
    });
  });
});
