import { DocketClient, DocketError } from "@/client/index";

import { checkedFetch, entrySpec, expect, test } from "./fixtures";

test.describe("the typed client", () => {
  let client: DocketClient;
  let anonymous: DocketClient;

  test.beforeEach(({ api, baseURL, contract }) => {
    const options = { baseUrl: baseURL ?? "", fetch: checkedFetch(contract) };
    client = new DocketClient({ ...options, apiKey: api.key ?? undefined });
    anonymous = new DocketClient(options);
  });

  test("opens, resolves, streams, rejects, and sees the closure", async () => {
    const opened = await client.open({
      requester: "uma@example.com",
      question: "Can I book SFO to JFK on 3 May for $640?",
      expect: [
        { key: "fare", kind: "tool" },
        { key: "draft", kind: "llm" },
        { key: "review", kind: "agent" },
      ],
      veto: ["review"],
    });
    const closing = client.waitForClosure(opened.id, 20_000);

    const fare = await client.resolve(opened.id, "fare", { usd: 640 });
    const streamed = await client.stream(opened.id, "draft", [
      "The fare ",
      "is ",
      "$640.",
    ]);
    const review = await client.reject(opened.id, "review", {
      why: "over the trip budget",
    });
    const closed = await closing;

    expect(fare.disposition).toBe("accepted");
    expect(streamed).toMatchObject({ chunks: 3, complete: true });
    expect(review.entry.state).toBe("closed");
    expect(closed.state).toBe("closed");
    expect(closed.closure).toMatchObject({
      reason: "vetoed",
      verdict: "rejected",
      decidingFragmentId: review.fragmentId,
    });
    expect(closed.fragments.map((f) => [f.key, f.outcome, f.payload])).toEqual([
      ["fare", "ok", { usd: 640 }],
      ["draft", "ok", { text: "The fare is $640." }],
      ["review", "negative", { why: "over the trip budget" }],
    ]);
  });

  test("waits for a closure to come, or finds it already past", async () => {
    const opened = await client.open(entrySpec());
    const token = opened.expectations[0]?.token ?? "";
    const waiting = client.waitForClosure(opened.id, 20_000);

    const posted = await anonymous.postWithToken(token, {
      outcome: "ok",
      payload: "in budget",
    });
    const closed = await waiting;
    const again = await client.waitForClosure(opened.id, 20_000);

    expect(posted.disposition).toBe("accepted");
    expect(closed.closure?.decidingFragmentId).toBe(posted.fragmentId);
    expect(again).toEqual(closed);
  });

  test("gives up waiting with a timeout error", async () => {
    const opened = await client.open(entrySpec());

    const waiting = client.waitForClosure(opened.id, 300);

    await expect(waiting).rejects.toMatchObject({
      name: "DocketError",
      status: 408,
      code: "timeout",
    });
  });

  test("adds expectations and cancels", async () => {
    const opened = await client.open(entrySpec());

    const added = await client.expect(opened.id, [
      { key: "hotel", kind: "tool", required: false },
    ]);
    const cancelled = await client.cancel(opened.id, "trip called off");
    const timeline = await client.timeline(opened.id);

    expect(added.expectations).toEqual([
      { key: "hotel", kind: "tool", state: "waiting" },
    ]);
    expect(cancelled.cancelled).toBe(true);
    expect(timeline.events.map((e) => e.type)).toContain("entry.closed");
  });

  test("turns error answers into DocketError, status and code", async () => {
    const unknown = client.get("ent_0000000000000000000000000z");

    await expect(unknown).rejects.toBeInstanceOf(DocketError);
    await expect(unknown).rejects.toMatchObject({
      status: 404,
      code: "not_found",
    });
    // Asked only now: a rejection nobody awaits yet fails the test.
    const refused = anonymous.get("ent_0000000000000000000000000z");
    await expect(refused).rejects.toMatchObject({
      status: 401,
      code: "unauthenticated",
    });
  });
});
