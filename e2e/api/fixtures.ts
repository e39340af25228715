import fs from "node:fs";
import path from "node:path";

import { test as base, expect, type APIRequestContext } from "@playwright/test";

import type {
  EntryView,
  FragmentAnswer,
  OpenedEntry,
  Timeline,
} from "@/client/index";
import { openDatabase, type Db } from "@/db/client";
import { createApiKey, revokeApiKey } from "@/server/auth/api-keys";
import type { EntrySpecInput } from "@/server/registry/schemas";

import { loadContract, type Contract } from "./contract";

export { expect };

export interface Answer<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

interface SendOptions {
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is, for bodies that are not JSON or not well-formed. */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

/**
 * The participant API over real HTTP. Every answer is checked against the
 * served OpenAPI document before a test sees it.
 */
export class Api {
  constructor(
    private readonly request: APIRequestContext,
    readonly contract: Contract,
    readonly key: string | null,
  ) {}

  /** The same API, called with another key (or none). */
  as(key: string | null): Api {
    return new Api(this.request, this.contract, key);
  }

  get<T = unknown>(url: string, headers: Record<string, string> = {}) {
    return this.send<T>("GET", url, { headers });
  }

  post<T = unknown>(url: string, json?: unknown, headers = {}) {
    return this.send<T>("POST", url, { json, headers });
  }

  postRaw<T = unknown>(url: string, raw: string | Buffer, contentType: string) {
    return this.send<T>("POST", url, {
      raw,
      headers: { "content-type": contentType },
    });
  }

  async send<T>(
    method: string,
    url: string,
    options: SendOptions = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.key !== null) {
      headers.authorization = `Bearer ${this.key}`;
    }
    // A string with a JSON content type would be re-encoded by Playwright
    // when it does not parse; a Buffer goes out byte for byte.
    let data: string | Buffer | undefined =
      typeof options.raw === "string" ? Buffer.from(options.raw) : options.raw;
    if (options.json !== undefined) {
      data = JSON.stringify(options.json);
      headers["content-type"] ??= "application/json";
    }
    const response = await this.request.fetch(url, {
      method,
      headers,
      data,
      failOnStatusCode: false,
      maxRedirects: 0,
    });
    const type = response.headers()["content-type"] ?? "";
    const text = await response.text();
    const body: unknown =
      type.includes("json") && text ? JSON.parse(text) : text;
    this.contract.checkResponse(method, url, response.status(), type, body);

    return {
      status: response.status(),
      headers: response.headers(),
      body: body as T,
    };
  }

  // The operations tests use most, by name.

  open(spec: Partial<EntrySpecInput> = {}) {
    return this.post<OpenedEntry>("/api/v1/entries", entrySpec(spec));
  }

  entry(id: string) {
    return this.get<EntryView>(`/api/v1/entries/${id}`);
  }

  timeline(id: string, after = 0) {
    return this.get<Timeline>(`/api/v1/entries/${id}/timeline?after=${after}`);
  }

  fragment(id: string, fragment: Record<string, unknown>) {
    return this.post<FragmentAnswer>(
      `/api/v1/entries/${id}/fragments`,
      fragment,
    );
  }

  /** Opens an entry and returns it as GET shows it. */
  async opened(spec: Partial<EntrySpecInput> = {}): Promise<EntryView> {
    const answer = await this.open(spec);
    expect(answer.status).toBe(201);

    return (await this.entry(answer.body.id)).body;
  }
}

let specCount = 0;

/** A small valid entry: one tool result awaited, unless told otherwise. */
export function entrySpec(
  overrides: Partial<EntrySpecInput> = {},
): EntrySpecInput {
  specCount += 1;

  return {
    requester: "uma@example.com",
    question: `Can I book SFO to JFK on 3 May? (${specCount})`,
    expect: [{ key: "budget", kind: "tool" }],
    ...overrides,
  };
}

/** A fresh idempotency key, unique across runs and workers. */
export function uniqueKey(label: string): string {
  return `${label}-${process.pid}-${Date.now()}-${++specCount}`;
}

/** Asserts an error answer: status, code, and the documented shape. */
export function expectError(
  answer: Answer,
  status: number,
  code?: string,
): ErrorBody["error"] {
  const body = answer.body as ErrorBody;
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(body).toEqual({
    error: {
      code: code ?? expect.any(String),
      message: expect.any(String),
      details: expect.any(Object),
    },
  });
  expect(body.error.message.length).toBeGreaterThan(0);

  return body.error;
}

/**
 * The entry and its timeline, to show a refused write changed nothing.
 * Deliveries leave through the outbox after commit, on their own time, so
 * their events are no part of what a request wrote.
 */
export async function snapshot(api: Api, id: string) {
  const [entry, timeline] = await Promise.all([
    api.entry(id),
    api.timeline(id),
  ]);
  expect(entry.status).toBe(200);
  expect(timeline.status).toBe(200);
  const { deliveries: _deliveries, ...written } = entry.body as EntryView & {
    deliveries?: unknown;
  };
  const events = timeline.body.events.filter(
    (e) => !e.type.startsWith("delivery."),
  );

  return { entry: written, timeline: { ...timeline.body, events } };
}

/** Runs refused writes and asserts the entry is exactly as before. */
export async function expectUnchanged(
  api: Api,
  id: string,
  refused: () => Promise<unknown>,
): Promise<void> {
  const before = await snapshot(api, id);
  await refused();
  expect(await snapshot(api, id)).toEqual(before);
}

/** The data folder of the server under test. */
export function dataDir(): string {
  const dir = process.env.DOCKET_E2E_DATA_DIR;
  if (!dir) {
    throw new Error("DOCKET_E2E_DATA_DIR is not set by playwright.config.ts");
  }

  return dir;
}

/** The secret the server signs capability tokens with. */
export function serverSecret(): string {
  return (
    process.env.AUTH_SECRET ??
    fs.readFileSync(path.join(dataDir(), "auth-secret"), "utf8").trim()
  );
}

export interface Keys {
  /** Makes a live API key in the server's database. */
  create(name: string): { id: string; secret: string };
  revoke(id: string): void;
}

export const test = base.extend<
  { contract: Contract; api: Api; keys: Keys },
  { db: Db }
>({
  db: [
    // Playwright reads a fixture's needs from this pattern: none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const db = openDatabase(path.join(dataDir(), "docket.sqlite"));
      await use(db);
      db.$client.close();
    },
    { scope: "worker" },
  ],
  contract: async ({ baseURL }, use) => {
    await use(await loadContract(baseURL ?? ""));
  },
  // A key of its own per test: rate limits are per key, so no test
  // spends another's budget.
  api: async ({ request, contract, keys }, use, testInfo) => {
    const key = keys.create(`e2e ${testInfo.title}`.slice(0, 100));
    await use(new Api(request, contract, key.secret));
  },
  keys: async ({ db }, use) => {
    await use({
      create(name) {
        const made = createApiKey(db, name);

        return { id: made.key.id, secret: made.secret };
      },
      revoke(id) {
        expect(revokeApiKey(db, id)).toBe(true);
      },
    });
  },
});

/**
 * Node's fetch, checking every JSON answer against the document; for the
 * typed client and for requests the `request` fixture cannot make
 * (streamed bodies, reading a live stream).
 */
export function checkedFetch(contract: Contract): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const method = init?.method ?? "GET";
    const url = input instanceof Request ? input.url : String(input);
    const type = response.headers.get("content-type") ?? "";
    if (type.includes("text/event-stream") || response.status === 204) {
      contract.checkResponse(method, url, response.status, type, null);

      return response;
    }
    const text = await response.clone().text();
    const body: unknown =
      type.includes("json") && text ? JSON.parse(text) : text;
    contract.checkResponse(method, url, response.status, type, body);

    return response;
  };
}
