import type { CancelAnswer, OpenedEntry } from "@/client/index";

import {
  entrySpec,
  expect,
  expectError,
  expectUnchanged,
  test,
  uniqueKey,
} from "./fixtures";

interface Added {
  entry: { id: string; state: string; closure: { reason: string } | null };
  expectations: { key: string; kind: string; state: string }[];
}

test.describe("opening an entry", () => {
  test("answers 201 with the entry, its expectations and their tokens", async ({
    api,
  }) => {
    const opened = await api.open({
      expect: [
        { key: "budget", kind: "tool" },
        { key: "policy", kind: "agent", timeout: "30s" },
        {
          key: "approval",
          kind: "human",
          assignee: "group:managers",
          after: ["budget", "policy"],
          prompt: "Approve this spend?",
        },
      ],
      criterion: { all: ["budget", "policy", "approval"] },
      veto: ["approval"],
      deadline: "45m",
      onDeadline: "fail",
    });

    expect(opened.status).toBe(201);
    expect(opened.body).toEqual({
      id: expect.stringMatching(/^ent_[0-9a-z]{26}$/),
      state: "open",
      replayed: false,
      expectations: [
        {
          key: "budget",
          kind: "tool",
          state: "waiting",
          token: expect.any(String),
        },
        {
          key: "policy",
          kind: "agent",
          state: "waiting",
          token: expect.any(String),
        },
        { key: "approval", kind: "human", state: "blocked", token: null },
      ],
    });
  });

  test("a retry with the same idempotencyKey returns the same entry", async ({
    api,
  }) => {
    const spec = entrySpec({ idempotencyKey: uniqueKey("open") });

    const first = await api.post<OpenedEntry>("/api/v1/entries", spec);
    const again = await api.post<OpenedEntry>("/api/v1/entries", spec);

    expect(first.status).toBe(201);
    expect(first.body.replayed).toBe(false);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, replayed: true });
  });

  test("the same idempotencyKey with another body is a conflict", async ({
    api,
  }) => {
    const idempotencyKey = uniqueKey("open");
    const first = await api.open({ idempotencyKey });
    const before = await api.entry(first.body.id);

    const other = await api.open({
      idempotencyKey,
      question: "Something else entirely?",
    });

    const error = expectError(other, 409, "conflict");
    expect(error.details).toMatchObject({ entryId: first.body.id });
    expect((await api.entry(first.body.id)).body).toEqual(before.body);
  });

  test("a refused open leaves nothing behind, not even its key", async ({
    api,
  }) => {
    const idempotencyKey = uniqueKey("refused");
    const spec = entrySpec({ idempotencyKey });
    const url = "/api/v1/entries";

    const refusals = [
      [422, await api.open({ ...spec, criterion: { all: ["nobody"] } })],
      [400, await api.open({ ...spec, expect: [] })],
      [401, await api.as(null).post(url, spec)],
      [413, await api.post(url, { ...spec, question: "?".repeat(1 << 20) })],
    ] as const;
    const opened = await api.post<OpenedEntry>(url, spec);

    for (const [status, answer] of refusals) {
      expectError(answer, status);
    }
    expect(opened.status).toBe(201);
    expect(opened.body.replayed).toBe(false);
  });
});

test.describe("reading an entry", () => {
  test("shows expectations, fragments with dispositions and closure", async ({
    api,
  }) => {
    const opened = await api.open({
      requester: "uma@example.com",
      question: "Is the flight within budget?",
      channel: { kind: "chat", thread: "t-42" },
      expect: [
        { key: "budget", kind: "tool" },
        { key: "note", kind: "llm", required: false },
      ],
      metadata: { trip: "SFO-JFK" },
    });
    const id = opened.body.id;
    await api.fragment(id, { key: "note", outcome: "progress", payload: "…" });
    await api.fragment(id, { key: "budget", outcome: "ok", payload: 640 });

    const { status, body } = await api.entry(id);

    expect(status).toBe(200);
    expect(body).toMatchObject({
      id,
      state: "closed",
      requester: "uma@example.com",
      question: "Is the flight within budget?",
      channel: { kind: "chat", thread: "t-42" },
      criterion: { all: ["budget"] },
      metadata: { trip: "SFO-JFK" },
      closure: {
        reason: "criterion_met",
        verdict: "completed",
        decidingFragmentId: body.fragments[1]?.id,
      },
      pending: null,
    });
    expect(
      body.fragments.map((f) => [f.key, f.outcome, f.disposition]),
    ).toEqual([
      ["note", "progress", "accepted"],
      ["budget", "ok", "accepted"],
    ]);
    expect(body.expectations.map((e) => [e.key, e.state, e.token])).toEqual([
      ["budget", "resolved", null],
      ["note", "cancelled", null],
    ]);
  });

  test("an open entry says what it still waits for", async ({ api }) => {
    const entry = await api.opened({
      expect: [
        { key: "budget", kind: "tool" },
        { key: "policy", kind: "agent" },
      ],
    });

    expect(entry.state).toBe("open");
    expect(entry.closure).toBeNull();
    expect(entry.pending).toMatchObject({ met: false, possible: true });
    expect(entry.expectations.every((e) => e.token !== null)).toBe(true);
  });
});

test.describe("adding expectations", () => {
  test("an open entry takes new expectations, with tokens", async ({ api }) => {
    const entry = await api.opened({
      expect: [{ key: "search", kind: "tool" }],
      criterion: { all: "*" },
    });

    const added = await api.post<Added>(
      `/api/v1/entries/${entry.id}/expectations`,
      {
        expect: [
          { key: "hotel", kind: "tool" },
          { key: "car", kind: "tool" },
        ],
      },
    );
    const after = await api.entry(entry.id);

    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      entry: { id: entry.id, state: "open", closure: null },
      expectations: [
        { key: "hotel", kind: "tool", state: "waiting" },
        { key: "car", kind: "tool", state: "waiting" },
      ],
    });
    expect(after.body.expectations.map((e) => e.key)).toEqual([
      "search",
      "hotel",
      "car",
    ]);
    expect(after.body.expectations[2]?.token).toEqual(expect.any(String));
  });

  test("a buffered fragment the addition applies can close it", async ({
    api,
  }) => {
    const entry = await api.opened({
      expect: [{ key: "search", kind: "tool" }],
      criterion: { any: "*" },
    });
    const early = await api.fragment(entry.id, {
      key: "hotel",
      outcome: "ok",
      payload: { name: "Pod 51" },
    });

    const added = await api.post<Added>(
      `/api/v1/entries/${entry.id}/expectations`,
      { expect: [{ key: "hotel", kind: "tool" }] },
    );

    const closure = (await api.entry(entry.id)).body.closure;

    expect(early.body.disposition).toBe("buffered");
    expect(added.status).toBe(201);
    expect(added.body.entry).toEqual({
      id: entry.id,
      state: "closed",
      closure: {
        reason: "criterion_met",
        verdict: "completed",
        clause: closure?.clause,
        decidingFragmentId: early.body.fragmentId,
        closedAt: closure?.closedAt,
      },
    });
  });

  test("a closed entry takes none, and stays as it was", async ({ api }) => {
    const entry = await api.opened();
    await api.post(`/api/v1/entries/${entry.id}/cancel`);

    await expectUnchanged(api, entry.id, async () => {
      const refused = await api.post(
        `/api/v1/entries/${entry.id}/expectations`,
        { expect: [{ key: "late", kind: "tool" }] },
      );
      expectError(refused, 409, "conflict");
    });
  });

  test("a key the entry already expects is refused", async ({ api }) => {
    const entry = await api.opened();

    await expectUnchanged(api, entry.id, async () => {
      const refused = await api.post(
        `/api/v1/entries/${entry.id}/expectations`,
        {
          expect: [
            { key: "extra", kind: "tool" },
            { key: "budget", kind: "tool" },
          ],
        },
      );
      expect(expectError(refused, 409).message).toContain("budget");
    });
  });

  test("no addition takes an entry past 200 expectations", async ({ api }) => {
    const specs = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        key: `k${from + i}`,
        kind: "tool",
      }));
    const entry = await api.opened({ expect: specs(0, 190) });
    const url = `/api/v1/entries/${entry.id}/expectations`;

    await expectUnchanged(api, entry.id, async () => {
      const refused = await api.post(url, { expect: specs(190, 11) });
      const error = expectError(refused, 422, "invalid");
      expect(error.message).toContain("at most 200 expectations");
      expect(error.details).toEqual({
        limit: 200,
        expectations: 190,
        added: 11,
      });
    });
    const filled = await api.post<Added>(url, { expect: specs(190, 10) });
    const after = await api.entry(entry.id);

    expect(filled.status).toBe(201);
    expect(after.body.expectations).toHaveLength(200);
  });
});

test.describe("cancelling an entry", () => {
  test("closes it as cancelled; a second cancel is a no-op", async ({
    api,
  }) => {
    const entry = await api.opened({
      expect: [
        { key: "budget", kind: "tool" },
        { key: "approval", kind: "human" },
      ],
    });
    const url = `/api/v1/entries/${entry.id}/cancel`;

    const first = await api.post<CancelAnswer>(url, { reason: "user left" });
    const second = await api.post<CancelAnswer>(url);
    const after = await api.entry(entry.id);
    const timeline = await api.timeline(entry.id);

    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      cancelled: true,
      closure: {
        reason: "cancelled",
        verdict: "cancelled",
        detail: expect.stringContaining("user left"),
        closedAt: expect.any(String),
      },
    });
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ ...first.body, cancelled: false });
    expect(after.body).toMatchObject({
      state: "closed",
      closedAt: first.body.closure.closedAt,
    });
    expect(after.body.expectations.map((e) => e.state)).toEqual([
      "cancelled",
      "cancelled",
    ]);
    const closings = timeline.body.events.filter(
      (e) => e.type === "entry.closed",
    );
    expect(closings).toHaveLength(1);
  });

  test("a body other than { reason } is refused", async ({ api }) => {
    const entry = await api.opened();

    await expectUnchanged(api, entry.id, async () => {
      const refused = await api.post(`/api/v1/entries/${entry.id}/cancel`, {
        reason: "x",
        force: true,
      });
      expectError(refused, 400, "invalid_request");
    });
  });
});
