import { EventSource } from "eventsource";

import { checkedFetch, expect, expectError, test, type Api } from "./fixtures";
import { Follower, type SseEvent } from "./sse";
import type { Contract } from "./contract";

const threeResults = {
  expect: [
    { key: "budget", kind: "tool" },
    { key: "policy", kind: "agent" },
    { key: "seats", kind: "tool" },
  ],
};

function post(api: Api, entryId: string, key: string) {
  return api.fragment(entryId, { key, outcome: "ok", payload: key });
}

/** An EventSource on the entry's timeline, its events kept in order. */
function eventSource(
  baseURL: string,
  api: Api,
  contract: Contract,
  entryId: string,
  lastEventId?: number,
) {
  const events: SseEvent[] = [];
  const errors: { code?: number }[] = [];
  const checked = checkedFetch(contract);
  const source = new EventSource(
    `${baseURL}/api/v1/entries/${entryId}/timeline`,
    {
      fetch: (url, init) => {
        const headers: Record<string, string> = {
          ...init.headers,
          authorization: `Bearer ${api.key}`,
        };
        if (lastEventId !== undefined) {
          headers["Last-Event-ID"] ??= String(lastEventId);
        }

        return checked(url, { ...init, headers });
      },
    },
  );
  const take = (event: MessageEvent<string>) => {
    const data = JSON.parse(event.data) as SseEvent["data"];
    contract.checkComponent("TimelineEvent", data);
    events.push({ id: Number(event.lastEventId), type: event.type, data });
  };
  for (const type of [
    "entry.opened",
    "expectation.added",
    "expectation.resolved",
    "fragment.accepted",
    "entry.closed",
  ]) {
    source.addEventListener(type, take);
  }
  source.addEventListener("error", (event) => {
    errors.push({ code: (event as { code?: number }).code });
  });

  return { source, events, errors };
}

test.describe("the timeline as JSON", () => {
  test("lists the entry's events in order, after a given id", async ({
    api,
  }) => {
    const entry = await api.opened(threeResults);
    await post(api, entry.id, "budget");

    const all = await api.timeline(entry.id);
    const ids = all.body.events.map((e) => e.id);
    const later = await api.timeline(entry.id, ids[1]);

    expect(all.status).toBe(200);
    expect(all.body.entryId).toBe(entry.id);
    expect(all.body.state).toBe("open");
    const types = all.body.events.map((e) => e.type);
    expect(types.slice(0, 4)).toEqual([
      "entry.opened",
      "expectation.added",
      "expectation.added",
      "expectation.added",
    ]);
    // One transaction wrote these two; their order among them is free.
    expect(types.slice(4).sort()).toEqual([
      "expectation.resolved",
      "fragment.accepted",
    ]);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(later.body.events).toEqual(all.body.events.slice(2));
  });

  test("comes in pages of `limit`, with `more` until the last", async ({
    api,
  }) => {
    const entry = await api.opened(threeResults);
    await post(api, entry.id, "budget");
    const all = await api.timeline(entry.id);
    expect(all.body.more).toBe(false);

    const pages: number[][] = [];
    let after = 0;
    for (let more = true; more;) {
      const page = await api.get<{ events: { id: number }[]; more: boolean }>(
        `/api/v1/entries/${entry.id}/timeline?after=${after}&limit=2`,
      );
      expect(page.status).toBe(200);
      pages.push(page.body.events.map((e) => e.id));
      more = page.body.more;
      after = page.body.events.at(-1)?.id ?? after;
    }

    expect(pages.flat()).toEqual(all.body.events.map((e) => e.id));
    expect(pages.slice(0, -1).every((ids) => ids.length === 2)).toBe(true);
    for (const limit of ["0", "10001", "two"]) {
      const refused = await api.get(
        `/api/v1/entries/${entry.id}/timeline?limit=${limit}`,
      );
      expectError(refused, 400, "invalid_request");
    }
  });

  test("stops a page short of its byte budget, and says more follow", async ({
    api,
  }) => {
    const entry = await api.opened(threeResults);
    const note = "n".repeat(60_000);
    for (let i = 0; i < 75; i++) {
      const answer = await api.fragment(entry.id, {
        key: "budget",
        outcome: "progress",
        payload: { note, i },
      });
      expect(answer.status).toBe(200);
    }

    const first = await api.timeline(entry.id);
    const rest = await api.timeline(entry.id, first.body.events.at(-1)?.id);

    expect(first.body.more).toBe(true);
    expect(JSON.stringify(first.body).length).toBeLessThan(4.2 * 1024 * 1024);
    expect(rest.body.more).toBe(false);
    const notes = [...first.body.events, ...rest.body.events].filter(
      (e) => e.type === "fragment.progress",
    );
    expect(notes).toHaveLength(75);
  });

  test("a progress note over 64 KiB is refused", async ({ api }) => {
    const entry = await api.opened(threeResults);

    const answer = await api.fragment(entry.id, {
      key: "budget",
      outcome: "progress",
      payload: "x".repeat(70_000),
    });

    const error = expectError(answer, 400, "invalid_request");
    expect(error.message).toContain("progress note");
  });

  test("a cursor that is not an event id is refused", async ({ api }) => {
    const entry = await api.opened();

    for (const after of ["abc", "-1", "1.5"]) {
      const refused = await api.get(
        `/api/v1/entries/${entry.id}/timeline?after=${after}`,
      );
      expectError(refused, 400, "invalid_request");
    }
  });
});

test.describe("the live timeline", () => {
  test("an EventSource receives events as fragments land", async ({
    api,
    baseURL,
    contract,
  }) => {
    const entry = await api.opened(threeResults);
    const live = eventSource(baseURL ?? "", api, contract, entry.id);
    try {
      await expect
        .poll(() => live.events.map((e) => e.type))
        .toEqual([
          "entry.opened",
          "expectation.added",
          "expectation.added",
          "expectation.added",
        ]);

      const budget = await post(api, entry.id, "budget");
      await expect
        .poll(() => live.events.map((e) => e.data.data.fragmentId))
        .toContain(budget.body.fragmentId);

      await post(api, entry.id, "policy");
      const closing = await post(api, entry.id, "seats");
      await expect.poll(() => live.events.at(-1)?.type).toBe("entry.closed");

      const closed = live.events.at(-1)?.data.data;
      expect(closed).toMatchObject({ reason: "criterion_met" });
      expect(JSON.stringify(closed)).toContain(closing.body.fragmentId);
    } finally {
      live.source.close();
    }
  });

  test("resuming with Last-Event-ID sends only what was missed", async ({
    api,
    baseURL,
    contract,
  }) => {
    const entry = await api.opened(threeResults);
    const options = { baseURL: baseURL ?? "", apiKey: api.key ?? "", contract };
    const first = new Follower(entry.id, options);
    await post(api, entry.id, "budget");
    await expect.poll(() => first.types()).toContain("fragment.accepted");
    first.close();
    const seen = first.ids();

    await post(api, entry.id, "policy");
    const resumed = new Follower(entry.id, {
      ...options,
      lastEventId: seen.at(-1),
    });
    await expect.poll(() => resumed.types()).toContain("fragment.accepted");
    await post(api, entry.id, "seats");
    await resumed.ended;
    const timeline = await api.timeline(entry.id);

    const ids = [...seen, ...resumed.ids()];
    expect(new Set(ids).size).toBe(ids.length);
    expect(resumed.ids()[0]).toBeGreaterThan(seen.at(-1) ?? 0);
    const closedAt = timeline.body.events.findIndex(
      (e) => e.type === "entry.closed",
    );
    expect(ids).toEqual(
      timeline.body.events.slice(0, closedAt + 1).map((e) => e.id),
    );
  });

  test("the stream ends after entry.closed", async ({
    api,
    baseURL,
    contract,
  }) => {
    const entry = await api.opened(threeResults);
    const follower = new Follower(entry.id, {
      baseURL: baseURL ?? "",
      apiKey: api.key ?? "",
      contract,
    });
    await expect.poll(() => follower.events.length).toBe(4);

    await api.post(`/api/v1/entries/${entry.id}/cancel`);
    await follower.ended;

    expect(follower.status).toBe(200);
    expect(follower.types().at(-1)).toBe("entry.closed");
  });

  test("resuming after the closure sends what followed it, then ends", async ({
    api,
    baseURL,
    contract,
  }) => {
    const entry = await api.opened(threeResults);
    await api.post(`/api/v1/entries/${entry.id}/cancel`);
    await post(api, entry.id, "budget");
    const timeline = await api.timeline(entry.id);
    const closed = timeline.body.events.find((e) => e.type === "entry.closed");

    const resumed = new Follower(entry.id, {
      baseURL: baseURL ?? "",
      apiKey: api.key ?? "",
      contract,
      lastEventId: closed?.id,
    });
    await resumed.ended;

    expect(resumed.status).toBe(200);
    expect(resumed.ids()).toEqual(
      timeline.body.events
        .filter((e) => e.id > (closed?.id ?? 0))
        .map((e) => e.id),
    );
    expect(resumed.types()).toContain("fragment.late");
  });

  test("an EventSource caught up with a closed entry is told to stop", async ({
    api,
    baseURL,
    contract,
  }) => {
    const entry = await api.opened(threeResults);
    await api.post(`/api/v1/entries/${entry.id}/cancel`);
    const timeline = await api.timeline(entry.id);
    const last = timeline.body.events.at(-1)?.id;

    const live = eventSource(baseURL ?? "", api, contract, entry.id, last);
    try {
      await expect.poll(() => live.source.readyState).toBe(EventSource.CLOSED);

      expect(live.errors).toEqual([{ code: 204 }]);
      expect(live.events).toEqual([]);
    } finally {
      live.source.close();
    }
  });

  test("a Last-Event-ID that is not an event id is refused", async ({
    api,
  }) => {
    const entry = await api.opened();

    const refused = await api.get(`/api/v1/entries/${entry.id}/timeline`, {
      accept: "text/event-stream",
      "last-event-id": "yesterday",
    });

    expectError(refused, 400, "invalid_request");
  });
});
