import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startFakeDocket, type FakeDocket } from "./testing/fake-docket";
import { startFakeModel } from "./testing/fake-model";
import { API_KEY, postWork, startTestAgent, work } from "./testing/harness";
import { waitFor } from "./testing/wait";

const TOKENS = [
  "The trip",
  " is allowed:",
  " economy over 4,152 km",
  " may cost up to $814,",
  " and $640 is below that.",
];

let docket: FakeDocket;

beforeAll(async () => {
  docket = await startFakeDocket(API_KEY);
});

afterAll(async () => {
  await docket.close();
});

const reasoningOf = (payload: unknown) =>
  (payload as { reasoning: string }).reasoning;

describe("explaining with a model", () => {
  it("streams the model's tokens and keeps the rules' verdict", async () => {
    const model = await startFakeModel(TOKENS);
    const agent = await startTestAgent({
      model: {
        baseUrl: `${model.url}/v1`,
        apiKey: "sk-local-test",
        model: "policy-test-model",
      },
    });
    try {
      // Over the limit: the model's text says otherwise, the rules decide.
      const body = work(docket.url, { priceUsd: 900 }, { streamKey: "why" });
      await postWork(agent.url, body);

      const refusal = await waitFor(
        "the verdict",
        () => docket.posted(body.entryId, "negative")[0],
      );
      const [call] = model.calls;
      const chunks = docket.chunks.filter((c) => c.entryId === body.entryId);

      expect(model.calls).toHaveLength(1);
      expect(call?.path).toBe("/v1/chat/completions");
      expect(call?.authorization).toBe("Bearer sk-local-test");
      expect(call?.body).toMatchObject({
        model: "policy-test-model",
        stream: true,
      });
      const prompt = call?.body.messages.map((m) => m.content).join("\n");
      expect(prompt).toMatch(/Distance: 4,152 km/);
      expect(prompt).toMatch(/Verdict: REFUSED/);

      expect(reasoningOf(refusal.body.payload)).toBe(TOKENS.join(""));
      expect(chunks.map((c) => c.chunk.delta).join("")).toBe(TOKENS.join(""));
      expect(chunks.map((c) => c.key)).toEqual(TOKENS.map(() => "why"));
      expect(chunks.at(-1)?.chunk.done).toBe(true);
      expect(
        docket.posted(body.entryId, "progress").map((f) => f.body.payload),
      ).toContain("asking policy-test-model to explain the verdict");
    } finally {
      await agent.close();
      await model.close();
    }
  });

  it("explains by the rules when the model fails", async () => {
    const model = await startFakeModel(TOKENS, 400);
    const agent = await startTestAgent({
      model: { baseUrl: `${model.url}/v1`, model: "policy-test-model" },
    });
    try {
      const body = work(docket.url, {}, { streamKey: "why" });
      await postWork(agent.url, body);

      const verdict = await waitFor(
        "the verdict",
        () => docket.posted(body.entryId, "ok")[0],
      );
      const notes = docket
        .posted(body.entryId, "progress")
        .map((f) => String(f.body.payload));

      expect(model.calls).toHaveLength(1);
      expect(reasoningOf(verdict.body.payload)).toMatch(/Verdict: allowed/);
      expect(notes.some((n) => n.startsWith("the model could not"))).toBe(true);
    } finally {
      await agent.close();
      await model.close();
    }
  });
});
