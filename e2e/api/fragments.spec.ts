import type { FragmentAnswer } from "@/client/index";
import { issueToken } from "@/server/auth/tokens";

import {
  expect,
  expectError,
  expectUnchanged,
  serverSecret,
  test,
  uniqueKey,
} from "./fixtures";

const twoResults = {
  expect: [
    { key: "budget", kind: "tool" },
    { key: "policy", kind: "agent" },
  ],
};

test.describe("posting a fragment", () => {
  test("the awaited result is accepted and closes the entry", async ({
    api,
  }) => {
    const entry = await api.opened(twoResults);

    const budget = await api.fragment(entry.id, {
      key: "budget",
      outcome: "ok",
      payload: { withinBudget: true },
    });
    const policy = await api.fragment(entry.id, {
      key: "policy",
      outcome: "ok",
      payload: { allowed: true },
      source: "policy-agent",
    });

    expect(budget.status).toBe(200);
    expect(budget.body).toEqual({
      fragmentId: expect.stringMatching(/^frg_/),
      disposition: "accepted",
      replayed: false,
      entry: { id: entry.id, state: "open", closure: null },
    });
    expect(policy.body).toEqual({
      fragmentId: expect.stringMatching(/^frg_/),
      disposition: "accepted",
      replayed: false,
      entry: {
        id: entry.id,
        state: "closed",
        closure: {
          reason: "criterion_met",
          verdict: "completed",
          clause: expect.any(String),
          decidingFragmentId: policy.body.fragmentId,
          closedAt: expect.any(String),
        },
      },
    });
  });

  test("after closure a fragment is still taken, as late", async ({ api }) => {
    const entry = await api.opened(twoResults);
    await api.post(`/api/v1/entries/${entry.id}/cancel`);

    const late = await api.fragment(entry.id, {
      key: "budget",
      outcome: "ok",
      payload: 640,
    });
    const after = await api.entry(entry.id);

    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({
      disposition: "late",
      entry: { state: "closed", closure: { reason: "cancelled" } },
    });
    expect(after.body.fragments).toEqual([
      expect.objectContaining({
        id: late.body.fragmentId,
        disposition: "late",
        lateByMs: expect.any(Number),
      }),
    ]);
    expect(after.body.closure?.reason).toBe("cancelled");
  });

  test("a second result for a `first` expectation is a duplicate", async ({
    api,
  }) => {
    const entry = await api.opened(twoResults);
    const post = () =>
      api.fragment(entry.id, { key: "budget", outcome: "ok", payload: 1 });

    const first = await post();
    const second = await post();
    const after = await api.entry(entry.id);

    expect(first.body.disposition).toBe("accepted");
    expect(second.status).toBe(200);
    expect(second.body.disposition).toBe("duplicate");
    expect(second.body.fragmentId).not.toBe(first.body.fragmentId);
    expect(after.body.fragments.map((f) => f.disposition)).toEqual([
      "accepted",
      "duplicate",
    ]);
    expect(after.body.state).toBe("open");
  });

  test("a repeated idempotencyKey answers the first post again", async ({
    api,
  }) => {
    const entry = await api.opened(twoResults);
    const fragment = {
      key: "budget",
      outcome: "ok",
      payload: { amount: 640 },
      idempotencyKey: uniqueKey("frag"),
    };

    const first = await api.fragment(entry.id, fragment);
    const again = await api.fragment(entry.id, fragment);
    const after = await api.entry(entry.id);

    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    expect(after.body.fragments).toHaveLength(1);
  });

  test("a repeated idempotencyKey with another payload is a conflict", async ({
    api,
  }) => {
    const entry = await api.opened(twoResults);
    const idempotencyKey = uniqueKey("frag");
    await api.fragment(entry.id, {
      key: "budget",
      outcome: "ok",
      payload: 640,
      idempotencyKey,
    });

    await expectUnchanged(api, entry.id, async () => {
      const other = await api.fragment(entry.id, {
        key: "budget",
        outcome: "ok",
        payload: 999,
        idempotencyKey,
      });
      expectError(other, 409, "conflict");
    });
  });

  test("a human expectation cannot be decided with an API key", async ({
    api,
  }) => {
    const entry = await api.opened({
      expect: [{ key: "approval", kind: "human", assignee: "group:managers" }],
    });

    await expectUnchanged(api, entry.id, async () => {
      const refused = await api.fragment(entry.id, {
        key: "approval",
        outcome: "ok",
        payload: { approved: true },
      });
      expect(expectError(refused, 403, "forbidden").message).toContain(
        "approval",
      );
    });
  });
});

test.describe("posting through a capability token", () => {
  test("needs no API key and fills the token's expectation", async ({
    api,
  }) => {
    const opened = await api.open(twoResults);
    const token = opened.body.expectations[0]?.token ?? "";

    const posted = await api
      .as(null)
      .post<FragmentAnswer>(`/api/v1/fragments/${token}`, {
        outcome: "ok",
        payload: { withinBudget: true },
      });
    const after = await api.entry(opened.body.id);

    expect(posted.status).toBe(200);
    expect(posted.body.disposition).toBe("accepted");
    expect(after.body.fragments).toEqual([
      expect.objectContaining({
        id: posted.body.fragmentId,
        key: "budget",
        payload: { withinBudget: true },
      }),
    ]);
    expect(after.body.expectations[0]?.state).toBe("resolved");
  });

  test("a token for one expectation cannot post to another", async ({
    api,
  }) => {
    const opened = await api.open(twoResults);
    const budgetToken = opened.body.expectations[0]?.token ?? "";

    await expectUnchanged(api, opened.body.id, async () => {
      const refused = await api
        .as(null)
        .post(`/api/v1/fragments/${budgetToken}`, {
          key: "policy",
          outcome: "ok",
          payload: true,
        });
      expect(expectError(refused, 403, "forbidden").message).toContain(
        "budget",
      );
    });
  });

  test("a human expectation has no token", async ({ api }) => {
    const opened = await api.open({
      expect: [
        { key: "budget", kind: "tool" },
        { key: "approval", kind: "human" },
      ],
    });

    const human = opened.body.expectations.find((e) => e.key === "approval");
    const entry = await api.entry(opened.body.id);

    expect(human?.token).toBeNull();
    expect(entry.body.expectations[1]?.token).toBeNull();
  });

  test("a token posted after closure records a late fragment", async ({
    api,
  }) => {
    const opened = await api.open(twoResults);
    const token = opened.body.expectations[1]?.token ?? "";
    await api.post(`/api/v1/entries/${opened.body.id}/cancel`);

    const late = await api
      .as(null)
      .post<FragmentAnswer>(`/api/v1/fragments/${token}`, {
        outcome: "ok",
        payload: "too late",
      });

    expect(late.status).toBe(200);
    expect(late.body.disposition).toBe("late");
  });

  test("an expired token is refused as expired", async ({ api }) => {
    const entry = await api.opened(twoResults);
    const expired = issueToken(serverSecret(), {
      entryId: entry.id,
      key: "budget",
      expiresAt: Date.now() - 60_000,
    });

    await expectUnchanged(api, entry.id, async () => {
      const refused = await api
        .as(null)
        .post(`/api/v1/fragments/${expired}`, { outcome: "ok", payload: 1 });
      expectError(refused, 401, "token_expired");
    });
  });

  test("a tampered token is refused", async ({ api }) => {
    const entry = await api.opened(twoResults);
    const token = entry.expectations[0]?.token ?? "";
    const [payload = "", signature = ""] = token.split(".");
    const otherKey = Buffer.from(
      JSON.stringify([entry.id, "policy", Date.now() + 3_600_000]),
    ).toString("base64url");
    const last = signature.endsWith("A") ? "B" : "A";
    const flipped = `${signature.slice(0, -1)}${last}`;
    const forged = [
      `${payload}.${flipped}`,
      `${otherKey}.${signature}`,
      `${payload}.${signature}.extra`,
      payload,
      "not-a-token",
    ];

    await expectUnchanged(api, entry.id, async () => {
      for (const bad of forged) {
        const refused = await api
          .as(null)
          .post(`/api/v1/fragments/${encodeURIComponent(bad)}`, {
            outcome: "ok",
            payload: 1,
          });
        expectError(refused, 401, "invalid_token");
      }
    });
  });
});
