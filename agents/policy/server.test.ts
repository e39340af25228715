import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { PolicyAgent } from "./agent";
import { startFakeDocket, type FakeDocket } from "./testing/fake-docket";
import {
  API_KEY,
  postWork,
  startTestAgent,
  TOKEN,
  work,
} from "./testing/harness";
import { waitFor } from "./testing/wait";

let docket: FakeDocket;
let agent: PolicyAgent;

beforeAll(async () => {
  docket = await startFakeDocket(API_KEY);
  agent = await startTestAgent();
});

afterAll(async () => {
  await agent.close();
  await docket.close();
});

const errorCode = async (response: Response) =>
  ((await response.json()) as { error: { code: string } }).error.code;

describe("the work endpoint", () => {
  it("refuses a request without the token, or with another one", async () => {
    const none = await postWork(agent.url, work(docket.url), "");
    const wrong = await postWork(agent.url, work(docket.url), "not-the-token");

    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe("Bearer");
    expect(await errorCode(none)).toBe("unauthenticated");
    expect(wrong.status).toBe(401);
    expect(docket.fragments).toHaveLength(0);
  });

  it("answers 400 to a body that is not JSON", async () => {
    const response = await postWork(agent.url, "{not json");

    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe("malformed_json");
  });

  it.each([
    ["no trip", { ...work("http://127.0.0.1:9"), trip: undefined }],
    ["a bad airport code", work("http://127.0.0.1:9", { from: "SF0X" })],
    ["a bad date", work("http://127.0.0.1:9", { date: "3 May" })],
    ["a negative price", work("http://127.0.0.1:9", { priceUsd: -1 })],
    ["an unknown cabin", work("http://127.0.0.1:9", { cabin: "sofa" })],
    ["a misspelt field", work("http://127.0.0.1:9", {}, { streamkey: "x" })],
    [
      "a Docket URL that is not HTTP",
      { ...work("http://127.0.0.1:9"), docketUrl: "ftp://x" },
    ],
  ])("answers 400 to a body with %s", async (_, body) => {
    const response = await postWork(agent.url, body);
    const answer = (await response.json()) as {
      error: { code: string; details: { issues: unknown[] } };
    };

    expect(response.status).toBe(400);
    expect(answer.error.code).toBe("invalid_request");
    expect(answer.error.details.issues.length).toBeGreaterThan(0);
  });

  it("answers 202 at once and reports to Docket afterwards", async () => {
    const body = work(docket.url);
    const response = await postWork(agent.url, body);

    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({
      accepted: true,
      duplicate: false,
      entryId: body.entryId,
      key: "policy",
    });
    await waitFor("the verdict", () => docket.posted(body.entryId, "ok")[0]);
  });

  it("joins a repeated request to the work in hand", async () => {
    const body = work(docket.url);
    const first = await postWork(agent.url, body);
    const again = await postWork(agent.url, body);

    expect(first.status).toBe(202);
    expect(await again.json()).toMatchObject({ duplicate: true });
    await waitFor("the verdict", () => docket.posted(body.entryId, "ok")[0]);
    expect(docket.posted(body.entryId, "ok")).toHaveLength(1);
  });

  it("answers 404 elsewhere, 405 to GET /work, 200 on /health", async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };

    expect((await fetch(`${agent.url}/nope`)).status).toBe(404);
    expect((await fetch(`${agent.url}/work`, { headers: auth })).status).toBe(
      405,
    );
    expect(await (await fetch(`${agent.url}/health`)).json()).toEqual({
      ok: true,
    });
  });
});
