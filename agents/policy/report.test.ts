import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { PolicyAgent } from "./agent";
import { startFakeDocket, type FakeDocket } from "./testing/fake-docket";
import {
  API_KEY,
  captureLog,
  postWork,
  startTestAgent,
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

interface VerdictPayload {
  allowed: boolean;
  distanceKm: number;
  from: Record<string, string>;
  to: Record<string, string>;
  cabin: string;
  priceUsd: number;
  limitUsd: number | null;
  reasons: string[];
  reasoning: string;
}

const notes = (entryId: string) =>
  docket.posted(entryId, "progress").map((f) => f.body.payload as string);

describe("reporting a verdict to Docket", () => {
  it("notes its steps, streams the reasoning, posts the verdict", async () => {
    const body = work(docket.url, {}, { streamKey: "policy-reasoning" });
    expect((await postWork(agent.url, body)).status).toBe(202);

    const verdict = await waitFor(
      "the verdict",
      () => docket.posted(body.entryId, "ok")[0],
    );
    const payload = verdict.body.payload as VerdictPayload;

    expect(verdict.authorization).toBe(`Bearer ${API_KEY}`);
    expect(verdict.body).toMatchObject({
      key: "policy",
      idempotencyKey: `policy:${body.entryId}`,
      source: "policy-agent",
    });
    expect(payload).toMatchObject({
      allowed: true,
      distanceKm: 4_152,
      from: {
        iata: "SFO",
        name: "San Francisco International Airport",
        city: "San Francisco",
        country: "United States",
      },
      to: { iata: "JFK", city: "New York", country: "United States" },
      cabin: "economy",
      priceUsd: 640,
      limitUsd: 814,
    });
    expect(payload.reasons).toHaveLength(4);

    const steps = notes(body.entryId);
    expect(steps[0]).toBe("looking up SFO and JFK");
    expect(steps[1]).toMatch(/distance 4,152 km$/);
    expect(steps).toContain("checking the cabin rule: economy");
    expect(steps.at(-1)).toBe("verdict: allowed");

    // Every progress note came before the verdict, every chunk too.
    const order = docket.fragments.filter((f) => f.entryId === body.entryId);
    expect(order.at(-1)).toBe(verdict);

    const chunks = docket.chunks.filter((c) => c.entryId === body.entryId);
    expect(chunks.every((c) => c.key === "policy-reasoning")).toBe(true);
    expect(chunks[0]?.contentType).toBe("application/x-ndjson");
    expect(chunks.map((c) => c.chunk.seq)).toEqual(chunks.map((_, i) => i));
    expect(chunks.at(-1)?.chunk.done).toBe(true);
    expect(chunks.map((c) => c.chunk.delta).join("")).toBe(payload.reasoning);
    expect(payload.reasoning).toMatch(/4,152 km on the great circle/);
    expect(payload.reasoning).toMatch(/Verdict: allowed/);
  });

  it("posts a refusal as negative, with the rule that decided", async () => {
    const body = work(docket.url, { cabin: "first" });
    await postWork(agent.url, body);

    const refusal = await waitFor(
      "the refusal",
      () => docket.posted(body.entryId, "negative")[0],
    );
    const payload = refusal.body.payload as VerdictPayload;

    expect(payload.allowed).toBe(false);
    expect(payload.limitUsd).toBeNull();
    expect(payload.reasons).toEqual(["first class is never allowed"]);
    expect(payload.reasoning).toMatch(/Verdict: refused/);
    expect(docket.chunks.some((c) => c.entryId === body.entryId)).toBe(false);
  });

  it("posts an error for an airport code no airport has", async () => {
    const body = work(docket.url, { to: "QQQ" });
    await postWork(agent.url, body);

    const error = await waitFor(
      "the error",
      () => docket.posted(body.entryId, "error")[0],
    );

    expect(error.body.payload).toEqual({
      code: "unknown_airport",
      message: "no airport has the IATA code QQQ",
    });
    expect(error.body.idempotencyKey).toBe(`policy:${body.entryId}`);
  });

  it("retries the verdict with the same idempotency key", async () => {
    const body = work(docket.url);
    docket.failNext(2, "ok");
    await postWork(agent.url, body);

    await waitFor("the verdict", () => docket.posted(body.entryId, "ok")[0]);
    const attempts = docket.fragments.filter(
      (f) => f.entryId === body.entryId && f.body.outcome === "ok",
    );
    expect(attempts.map((f) => f.status)).toEqual([503, 503, 200]);
    expect(new Set(attempts.map((f) => f.body.idempotencyKey))).toEqual(
      new Set([`policy:${body.entryId}`]),
    );
  });
});

describe("when Docket is away", () => {
  it("logs that the verdict could not be reported", async () => {
    const { log, lines } = captureLog();
    const lonely = await startTestAgent({ log });
    const gone = await startFakeDocket(API_KEY);
    await gone.close();

    try {
      const body = work(gone.url);
      expect((await postWork(lonely.url, body)).status).toBe(202);

      const failed = await waitFor("the failure log", () =>
        lines.find((l) => l.msg === "policy.report_failed"),
      );
      expect(failed).toMatchObject({
        entryId: body.entryId,
        fragmentKey: "policy",
        level: 50,
      });
      expect(lines.some((l) => l.msg === "policy.post_retry")).toBe(true);
    } finally {
      await lonely.close();
    }
  });

  it("reports work it had to stop as an error when it shuts down", async () => {
    const slow = await startTestAgent({ delayMs: 60_000, graceMs: 20 });
    const body = work(docket.url);
    await postWork(slow.url, body);
    await waitFor("the first note", () => notes(body.entryId)[0]);

    await slow.close();

    expect(docket.posted(body.entryId, "error")[0]?.body.payload).toEqual({
      code: "stopped",
      message: "the policy agent stopped before it decided",
    });
    await expect(postWork(slow.url, work(docket.url))).rejects.toThrow();
  });
});
