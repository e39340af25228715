import net from "node:net";

import {
  entrySpec,
  expect,
  expectError,
  expectUnchanged,
  test,
  type Answer,
} from "./fixtures";

/** Refused, with the documented shape, and never a 500. */
function expectRefused(answer: Answer, what: string) {
  expect(answer.status, what).toBeGreaterThanOrEqual(400);
  expect(answer.status, what).toBeLessThan(500);
  expectError(answer, answer.status);
}

/** JSON text nested `depth` deep, built as text: too deep to stringify. */
function nested(depth: number): string {
  let open = "";
  let close = "";
  for (let i = 0; i < depth; i++) {
    open += i % 2 === 0 ? "[" : '{"deeper":';
    close = (i % 2 === 0 ? "]" : "}") + close;
  }

  return `${open}1${close}`;
}

function nestedCriterion(depth: number): string {
  return `${'{"and":['.repeat(depth)}{"all":"*"}${"]}".repeat(depth)}`;
}

/** A valid entry spec with one more field, given as raw JSON text. */
function specWith(field: string, raw: string): string {
  return `${JSON.stringify(entrySpec()).slice(0, -1)},"${field}":${raw}}`;
}

/** A budget result as JSON text, with `more` spliced in before the end. */
function budget(more = ""): string {
  return `{"key":"budget","outcome":"ok"${more}}`;
}

const fragmentBodies: [string, string][] = [
  ["payload nested 5,000 deep", budget(`,"payload":${nested(5000)}`)],
  ["payload nested 100,000 deep", budget(`,"payload":${nested(100_000)}`)],
  ["number too big for a double", budget(',"payload":1e400')],
  ["NaN payload", budget(',"payload":NaN')],
  ["__proto__ key", budget(',"__proto__":{"admin":true}')],
  ["constructor key", budget(',"constructor":{"prototype":{}}')],
  ["empty idempotencyKey", budget(',"idempotencyKey":""')],
  ["empty source", budget(',"source":""')],
  ["key repeated, last invalid", budget(',"key":"x y"')],
  ["key too long", `{"key":"${"k".repeat(65)}","outcome":"ok"}`],
  ["key with a space", '{"key":"bud get","outcome":"ok"}'],
  ["null key", '{"key":null,"outcome":"ok"}'],
  ["outcome in caps", '{"key":"budget","outcome":"OK"}'],
  ["a string", '"budget"'],
  ["a number", "123456789012345678901234567890"],
  ["true", "true"],
  ["BOM before JSON", `\ufeff${budget()}`],
  ["two documents", `${budget()}${budget()}`],
  ["trailing garbage", `${budget()} trailing`],
  ["single quotes", "{'key':'budget','outcome':'ok'}"],
];

const chunkBodies: [string, unknown][] = [
  ["seq too big", { seq: 1e10, delta: "x" }],
  ["negative seq", { seq: -1, delta: "x" }],
  ["fractional seq", { seq: 0.5, delta: "x" }],
  ["null delta", { seq: 0, delta: null }],
  ["done as text", { seq: 0, delta: "x", done: "yes" }],
  ["unknown field", { seq: 0, delta: "x", key: "draft" }],
  ["an array", [{ seq: 0, delta: "x" }]],
];

/** Objects go out as JSON; strings are raw text, too deep to stringify. */
const specBodies: [string, unknown][] = [
  ["criterion nested 2000 deep", specWith("criterion", nestedCriterion(2000))],
  [
    "metadata nested 5000 deep",
    specWith("metadata", `{"deep":${nested(5000)}}`),
  ],
  [
    "weight of 1e308 never reachable",
    { ...entrySpec(), criterion: { weight: 1e308, of: "*" } },
  ],
  [
    "selector of an unknown kind",
    { ...entrySpec(), criterion: { all: { kind: "nobody" } } },
  ],
  [
    "agree on a bad pointer",
    { ...entrySpec(), criterion: { agree: 1, of: "*", on: "a/b" } },
  ],
  [
    "201 expectations",
    {
      ...entrySpec(),
      expect: Array.from({ length: 201 }, (_, i) => ({
        key: `k${i}`,
        kind: "tool",
      })),
    },
  ],
  [
    "duplicate keys",
    {
      ...entrySpec(),
      expect: [
        { key: "a", kind: "tool" },
        { key: "a", kind: "tool" },
      ],
    },
  ],
  [
    "after an unknown key",
    { ...entrySpec(), expect: [{ key: "a", kind: "tool", after: ["zz"] }] },
  ],
  [
    "negative weight",
    { ...entrySpec(), expect: [{ key: "a", kind: "tool", weight: -1 }] },
  ],
  [
    "timeout in years",
    { ...entrySpec(), expect: [{ key: "a", kind: "tool", timeout: "2y" }] },
  ],
  ["deadline as a number", { ...entrySpec(), deadline: 45 }],
  ["deadline in 0ms", { ...entrySpec(), deadline: "0ms" }],
  ["channel without kind", { ...entrySpec(), channel: { thread: "t-1" } }],
  [
    "parent that is not an entry id",
    { ...entrySpec(), parent: { entryId: "../../etc", key: "a" } },
  ],
];

test.describe("bad input never breaks the server", () => {
  test("malformed fragment bodies are refused, nothing recorded", async ({
    api,
  }) => {
    const entry = await api.opened({
      expect: [
        { key: "budget", kind: "tool" },
        { key: "draft", kind: "llm" },
      ],
    });

    await expectUnchanged(api, entry.id, async () => {
      for (const [what, raw] of fragmentBodies) {
        const answer = await api.postRaw(
          `/api/v1/entries/${entry.id}/fragments`,
          raw,
          "application/json",
        );
        expectRefused(answer, what);
      }
      for (const [what, chunk] of chunkBodies) {
        const answer = await api.post(
          `/api/v1/entries/${entry.id}/fragments/draft/chunks`,
          chunk,
        );
        expectRefused(answer, what);
      }
    });
  });

  test("malformed entry specs are refused", async ({ api }) => {
    for (const [what, spec] of specBodies) {
      const answer =
        typeof spec === "string"
          ? await api.postRaw("/api/v1/entries", spec, "application/json")
          : await api.post("/api/v1/entries", spec);
      expectRefused(answer, what);
    }
  });

  test("odd paths, headers and media types are refused cleanly", async ({
    api,
  }) => {
    const entry = await api.opened({ expect: [{ key: "draft", kind: "llm" }] });
    const at = `/api/v1/entries/${entry.id}`;
    const ndjson = "application/x-ndjson";

    await expectUnchanged(api, entry.id, async () => {
      const answers: [string, Answer][] = [
        [
          "encoded slash in id",
          await api.get(`/api/v1/entries/${entry.id}%2Fx`),
        ],
        ["very long id", await api.get(`/api/v1/entries/${"a".repeat(4000)}`)],
        [
          "NUL as key",
          await api.post(`${at}/fragments/%00/chunks`, { seq: 0, delta: "x" }),
        ],
        [
          "long key",
          await api.post(`${at}/fragments/${"k".repeat(2000)}/chunks`, {
            seq: 0,
            delta: "x",
          }),
        ],
        [
          "huge token",
          await api
            .as(null)
            .post(`/api/v1/fragments/${"a".repeat(8000)}.b`, { outcome: "ok" }),
        ],
        [
          "token of dots",
          await api.as(null).post("/api/v1/fragments/...", { outcome: "ok" }),
        ],
        [
          "cursor past 2^53",
          await api.get(`${at}/timeline?after=99999999999999999999999`),
        ],
        ["hex cursor", await api.get(`${at}/timeline?after=0x10`)],
        ["cursor in exponent form", await api.get(`${at}/timeline?after=1e3`)],
        ["cursor with spaces", await api.get(`${at}/timeline?after=%201%20`)],
        [
          "form body",
          await api.postRaw(
            `${at}/fragments`,
            "key=draft&outcome=ok",
            "application/x-www-form-urlencoded",
          ),
        ],
        [
          "ndjson of blank lines and an array",
          await api.postRaw(
            `${at}/fragments/draft/chunks`,
            "\n\n[1]\n",
            ndjson,
          ),
        ],
        [
          "ndjson line nested deep",
          await api.postRaw(
            `${at}/fragments/draft/chunks`,
            nested(5000),
            ndjson,
          ),
        ],
        ["cancel with a list", await api.post(`${at}/cancel`, ["now"])],
        [
          "expectations, not a list",
          await api.post(`${at}/expectations`, {
            expect: { key: "x", kind: "tool" },
          }),
        ],
        [
          "expectations, empty",
          await api.post(`${at}/expectations`, { expect: [] }),
        ],
        ["bearer with a space", await api.as("two words").get(at)],
      ];
      for (const [what, answer] of answers) {
        expectRefused(answer, what);
      }
    });
  });

  test("a path that cannot be percent-decoded is refused as 400", async ({
    api,
    request,
  }) => {
    const entry = await api.opened();
    const paths = [
      "/api/v1/entries/%E0%A4%A",
      `/api/v1/entries/${entry.id}/fragments/%ZZ/chunks`,
      "/api/v1/fragments/%",
    ];

    for (const path of paths) {
      const answer = await request.post(path, {
        headers: { authorization: `Bearer ${api.key}` },
        data: { seq: 0, delta: "x" },
      });
      expect(answer.status(), path).toBe(400);
      expect((await answer.json()).error.code, path).toBe("invalid_path");
    }
  });

  test("a method a route does not take is 405 with Allow", async ({
    api,
    request,
  }) => {
    const entry = await api.opened();
    const answer = await request.delete(`/api/v1/entries/${entry.id}`, {
      headers: { authorization: `Bearer ${api.key}` },
    });

    expect(answer.status()).toBe(405);
    expect(answer.headers().allow).toBe("GET");
    expect((await answer.json()).error.code).toBe("method_not_allowed");
  });

  test("an unknown path under the API is 404 in the error shape", async ({
    api,
    request,
  }) => {
    const answer = await request.get("/api/v1/entries/x/nowhere", {
      headers: { authorization: `Bearer ${api.key}` },
    });

    expect(answer.status()).toBe(404);
    expect((await answer.json()).error.code).toBe("not_found");
  });

  test("a trailing slash finds no route, whatever the method", async ({
    api,
    request,
  }) => {
    const answer = await request.post("/api/v1/entries/", {
      headers: { authorization: `Bearer ${api.key}` },
      data: entrySpec(),
    });

    expect(answer.status()).toBe(404);
    expect((await answer.json()).error.code).toBe("not_found");
  });

  test("a Host header of any spelling plays no part", async ({
    api,
    baseURL,
  }) => {
    const entry = await api.opened();
    const { port } = new URL(baseURL ?? "");
    const path = `/api/v1/entries/${entry.id}/timeline?limit=1`;

    for (const host of ["a b/c", "x@evil:99999", "[::1", "a/b?c#d"]) {
      const reply = await rawRequest(
        Number(port),
        `GET ${path} HTTP/1.1\r\nHost: ${host}\r\n` +
          `Authorization: Bearer ${api.key}\r\nConnection: close\r\n\r\n`,
      );
      expect(reply, host).toMatch(/^HTTP\/1\.1 200 /);
      expect(reply, host).toContain('"more":true');
    }
  });

  test("a target that is not a path is 400, never 500", async ({ baseURL }) => {
    const { port } = new URL(baseURL ?? "");

    for (const line of ["OPTIONS * HTTP/1.1", "GET * HTTP/1.1"]) {
      const reply = await rawRequest(
        Number(port),
        `${line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
      );
      expect(reply, line).toMatch(/^HTTP\/1\.1 400 /);
    }
  });
});

/** Sends bytes as written and returns all the server answers. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(text));
    const parts: Buffer[] = [];
    socket.on("data", (part) => parts.push(part));
    socket.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    socket.on("error", reject);
    socket.setTimeout(5_000, () => socket.destroy(new Error("no answer")));
  });
}
