import { expect, test } from "./fixtures";
import { Follower } from "./sse";

test.describe("a closed entry's answer", () => {
  test("is assembled from the template and delivered to the inbox", async ({
    api,
  }) => {
    const opened = await api.open({
      channel: { kind: "inbox" },
      expect: [{ key: "budget", kind: "tool" }],
      template: "Budget left: {{budget.left}} USD",
    });
    const id = opened.body.id;

    await api.fragment(id, {
      key: "budget",
      outcome: "ok",
      payload: { left: 900 },
    });

    await expect
      .poll(async () => (await api.entry(id)).body.deliveries[0]?.status)
      .toBe("delivered");
    const entry = (await api.entry(id)).body;
    expect(entry.answer).toMatchObject({
      verdict: "completed",
      reason: "criterion_met",
      text: "Budget left: 900 USD",
      assembledBy: "template",
    });
    expect(entry.deliveries).toEqual([
      expect.objectContaining({
        purpose: "answer",
        channel: "inbox",
        attempts: 1,
      }),
    ]);
  });

  test("keeps a webhook's signing secret to the server", async ({
    api,
    baseURL,
    contract,
  }) => {
    const entry = await api.opened({
      channel: {
        kind: "webhook",
        url: "http://127.0.0.1:9/hook",
        secret: "a-secret-of-the-receiver",
      },
    });

    expect(entry.channel).toEqual({
      kind: "webhook",
      url: "http://127.0.0.1:9/hook",
    });
    const timeline = await api.timeline(entry.id);
    expect(timeline.status).toBe(200);
    expect(JSON.stringify(timeline.body)).not.toContain(
      "a-secret-of-the-receiver",
    );
    const live = new Follower(entry.id, {
      baseURL: baseURL ?? "",
      apiKey: api.key ?? "",
      contract,
    });
    await expect.poll(() => live.types()).toContain("entry.opened");
    live.close();
    expect(JSON.stringify(live.events)).not.toContain(
      "a-secret-of-the-receiver",
    );
  });
});
