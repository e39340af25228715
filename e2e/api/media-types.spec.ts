import type { FragmentAnswer } from "@/client/index";

import {
  checkedFetch,
  entrySpec,
  expect,
  expectError,
  expectUnchanged,
  test,
  uniqueKey,
  type Answer,
} from "./fixtures";

const JSON_TYPES = ["application/json", "application/*+json"];
const CHUNK_TYPES = [
  ...JSON_TYPES,
  "application/x-ndjson",
  "application/ndjson",
];
const NOT_JSON = [
  "text/plain",
  "text/plain;charset=UTF-8",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/xml",
  "application/+json",
];

const twoSlots = {
  expect: [
    { key: "budget", kind: "tool" },
    { key: "draft", kind: "llm" },
  ],
};

/** A 415 naming what the operation takes and what it was sent. */
function expectUnsupported(answer: Answer, sent: string, allowed: string[]) {
  const error = expectError(answer, 415, "unsupported_media_type");
  expect(error.details).toEqual({
    allowed,
    received: sent.split(";")[0]?.trim().toLowerCase(),
  });
  expect(error.message).toContain("application/json");
  expect(answer.headers["accept-post"]).toBe(allowed.join(", "));
}

test.describe("the media type of a request body", () => {
  test("another type than JSON is 415 on every POST, nothing written", async ({
    api,
  }) => {
    const opened = await api.open(twoSlots);
    const { id } = opened.body;
    const token = opened.body.expectations[0]?.token ?? "";
    const fragment = JSON.stringify({ key: "budget", outcome: "ok" });
    const posts: [string, string, string[]][] = [
      [`/api/v1/entries/${id}/fragments`, fragment, JSON_TYPES],
      [`/api/v1/fragments/${token}`, fragment, JSON_TYPES],
      [
        `/api/v1/entries/${id}/fragments/draft/chunks`,
        JSON.stringify({ seq: 0, delta: "x", done: true }),
        CHUNK_TYPES,
      ],
      [
        `/api/v1/entries/${id}/expectations`,
        JSON.stringify({ expect: [{ key: "extra", kind: "tool" }] }),
        JSON_TYPES,
      ],
      [`/api/v1/entries/${id}/cancel`, '{"reason":"no"}', JSON_TYPES],
    ];

    await expectUnchanged(api, id, async () => {
      for (const [url, body, allowed] of posts) {
        for (const type of NOT_JSON) {
          const refused = await api.postRaw(url, body, type);
          expectUnsupported(refused, type, allowed);
        }
      }
    });
  });

  test("an entry sent as text is 415 and opens nothing", async ({ api }) => {
    const idempotencyKey = uniqueKey("text-spec");
    const spec = JSON.stringify({ ...entrySpec(), idempotencyKey });

    const refused = await api.postRaw("/api/v1/entries", spec, "text/plain");
    const opened = await api.open({ idempotencyKey });

    expectUnsupported(refused, "text/plain", JSON_TYPES);
    expect(opened.status).toBe(201);
  });

  test("JSON with parameters, as a +json type, or untyped is taken", async ({
    api,
    baseURL,
    contract,
  }) => {
    const entry = await api.opened(twoSlots);
    const url = `/api/v1/entries/${entry.id}/fragments`;
    const progress = (note: string) =>
      JSON.stringify({ key: "budget", outcome: "progress", payload: note });
    const types = [
      "application/json; charset=utf-8",
      "Application/JSON",
      "application/vnd.docket.fragment+json",
    ];

    for (const type of types) {
      const taken = await api.postRaw<FragmentAnswer>(
        url,
        progress(type),
        type,
      );
      expect(taken.status, type).toBe(200);
    }
    // Node's fetch names no type for a body of bytes.
    const untyped = await checkedFetch(contract)(`${baseURL}${url}`, {
      method: "POST",
      headers: { authorization: `Bearer ${api.key}` },
      body: new TextEncoder().encode(progress("none")),
    });
    expect(untyped.status).toBe(200);
    const { body } = await api.entry(entry.id);
    expect(body.fragments.map((f) => f.payload)).toEqual([...types, "none"]);
  });

  test("the chunk stream takes NDJSON with parameters", async ({ api }) => {
    const entry = await api.opened({ expect: [{ key: "draft", kind: "llm" }] });
    const lines = [
      JSON.stringify({ seq: 0, delta: "Fine " }),
      JSON.stringify({ seq: 1, delta: "by me.", done: true }),
    ].join("\n");

    const streamed = await api.postRaw(
      `/api/v1/entries/${entry.id}/fragments/draft/chunks`,
      lines,
      "application/x-ndjson; charset=utf-8",
    );

    expect(streamed.status).toBe(200);
    expect(streamed.body).toMatchObject({ chunks: 2, complete: true });
  });

  test("a cancel without a body takes any Content-Type", async ({ api }) => {
    const entry = await api.opened();

    const cancelled = await api.postRaw(
      `/api/v1/entries/${entry.id}/cancel`,
      "",
      "text/plain",
    );

    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ cancelled: true });
  });

  test("JSON declared in another charset than UTF-8 is 415", async ({
    api,
  }) => {
    const answer = await api.postRaw(
      "/api/v1/entries",
      JSON.stringify(entrySpec()),
      "application/json; charset=latin1",
    );

    const error = expectError(answer, 415, "unsupported_media_type");
    expect(error.details).toMatchObject({ charset: "latin1" });
    expect(error.message).toContain("UTF-8");
  });

  test("a cancel with an unknown field names it by a dotted path", async ({
    api,
  }) => {
    const opened = await api.open(twoSlots);
    const answer = await api.post(`/api/v1/entries/${opened.body.id}/cancel`, {
      reason: "done",
      extra: { deep: 1 },
    });

    const error = expectError(answer, 400, "invalid_request");
    expect(error.details).toEqual({
      issues: [
        expect.objectContaining({ path: "", message: expect.any(String) }),
      ],
    });
  });

  test("the API key is asked for before the media type", async ({ api }) => {
    const refused = await api
      .as(null)
      .postRaw("/api/v1/entries", JSON.stringify(entrySpec()), "text/plain");

    expectError(refused, 401, "unauthenticated");
  });

  test("the document lists 415 for every operation with a body", async ({
    contract,
  }) => {
    const withBody = Object.values(contract.document.paths).flatMap((ops) =>
      Object.values(ops).filter((op) => "requestBody" in op),
    );

    expect(withBody.map((op) => op.operationId).sort()).toEqual([
      "addExpectations",
      "cancelEntry",
      "openEntry",
      "recordChunks",
      "recordFragment",
      "recordFragmentByToken",
    ]);
    for (const op of withBody) {
      expect(Object.keys(op.responses), op.operationId).toContain("415");
    }
  });
});
