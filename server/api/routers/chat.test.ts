import http from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { deciderCheck } from "@/server/auth/deciders";
import { postQuestion, postReply } from "@/server/flows/chat-messages";
import { seedCompany } from "@/server/seed/company";
import { apiKey, entrySpec } from "@/server/registry/testing/harness";
import {
  post,
  registriesPerTest,
  type Harness,
} from "@/server/registry/testing/helpers";

import { callerAs, codeOf, liveOf, makeUser } from "../testing/callers";

const fresh = registriesPerTest();
const work: unknown[] = [];
let agent: http.Server;

// A stand-in for the policy agent: it records the work it is given.
beforeAll(async () => {
  agent = http.createServer((request, response) => {
    let body = "";
    request.on("data", (part: Buffer) => (body += part.toString()));
    request.on("end", () => {
      work.push({ auth: request.headers.authorization, ...JSON.parse(body) });
      response.writeHead(202).end("{}");
    });
  });
  await new Promise<void>((resolve) => agent.listen(0, "127.0.0.1", resolve));
  const { port } = agent.address() as AddressInfo;
  process.env.DOCKET_POLICY_AGENT_URL = `http://127.0.0.1:${port}`;
  process.env.POLICY_AGENT_TOKEN = "a-token-for-the-agent-123";
});

afterAll(async () => {
  await new Promise((resolve) => agent.close(resolve));
});

/** Uma of the demo company, whose team has a travel budget. */
function uma(h: Harness) {
  seedCompany(h.db);

  return makeUser(h, "user", [], "uma@example.com");
}

/** Waits until the budget tool has answered, so no work outlives a test. */
async function budgetDone(h: Harness, entryId: string | null) {
  await expect
    .poll(async () => {
      const entry = await h.registry.getEntry(entryId ?? "");

      return entry.expectations.find((e) => e.key === "budget")?.state;
    })
    .not.toBe("waiting");
}

describe("asking in the chat", () => {
  it("opens a spend request and sets the tool and the agent to work", async () => {
    const h = fresh();
    const user = uma(h);
    const chat = callerAs(h, user).chat;

    const asked = await chat.ask({
      question: "Can I fly SFO to JFK on 3 May for $640?",
    });

    expect(asked.entryId).toMatch(/^ent_/);
    await expect
      .poll(async () => {
        const entry = await h.registry.getEntry(asked.entryId ?? "");

        return entry.expectations.find((e) => e.key === "budget")?.state;
      })
      .toBe("resolved");
    const status = await chat.status({ entryId: asked.entryId ?? "" });
    expect(status.expectations.map((e) => [e.key, e.state])).toEqual([
      ["budget", "resolved"],
      ["policy", "waiting"],
      ["reasoning", "waiting"],
      ["approval", "blocked"],
    ]);
    // The agent is asked without waiting for it: wait for its request.
    await expect.poll(() => work.length).toBeGreaterThan(0);
    expect(work).toContainEqual(
      expect.objectContaining({
        auth: "Bearer a-token-for-the-agent-123",
        entryId: asked.entryId,
        key: "policy",
        streamKey: "reasoning",
        trip: expect.objectContaining({
          from: "SFO",
          to: "JFK",
          priceUsd: 640,
        }),
      }),
    );
    const messages = await chat.messages({ thread: asked.thread });
    expect(messages[0]).toMatchObject({
      role: "user",
      entryId: asked.entryId,
    });
  });

  it("says what is missing from a question it cannot read", async () => {
    const h = fresh();
    const chat = callerAs(h, uma(h)).chat;

    const asked = await chat.ask({ question: "Can I go to New York?" });

    expect(asked.entryId).toBeNull();
    const messages = await chat.messages({ thread: asked.thread });
    expect(messages.map((m) => m.role)).toEqual(["user", "docket"]);
    expect(messages[1]?.body).toContain("the route");
  });

  it("says so when no one but the asker could approve", async () => {
    const h = fresh({ deciders: deciderCheck });
    seedCompany(h.db);
    const ana = makeUser(h, "approver", ["managers"], "ana@example.com");
    const chat = callerAs(h, ana).chat;

    const asked = await chat.ask({
      question: "Can I fly SFO to JFK on 3 May for $640?",
    });

    expect(asked.entryId).toBeNull();
    const messages = await chat.messages({ thread: asked.thread });
    expect(messages.map((m) => m.role)).toEqual(["user", "docket"]);
    expect(messages[1]?.body).toContain("can't ask for an approval");
    const opened = h.db.$client
      .prepare("select count(*) from entries")
      .pluck()
      .get();
    expect(opened).toBe(0);
  });

  it("keeps a question before its reply within one millisecond", async () => {
    const h = fresh();
    const user = makeUser(h, "user");
    const clock = vi.spyOn(Date, "now").mockReturnValue(1_700_000_000_000);
    for (let i = 0; i < 20; i++) {
      const thread = `t-${i}`;
      postQuestion(h.db, { thread, userEmail: user.email, body: "q" });
      postReply(h.db, liveOf(h).live, {
        thread,
        userEmail: user.email,
        body: "a",
      });
    }
    clock.mockRestore();

    for (let i = 0; i < 20; i++) {
      const messages = await callerAs(h, user).chat.messages({
        thread: `t-${i}`,
      });
      expect(messages.map((m) => m.role)).toEqual(["user", "docket"]);
    }
  });

  it("gives each thread the message written last within one millisecond", async () => {
    const h = fresh();
    const user = makeUser(h, "user");
    const clock = vi.spyOn(Date, "now").mockReturnValue(1_700_000_000_000);
    for (let i = 0; i < 20; i++) {
      const thread = `t-${i}`;
      postQuestion(h.db, { thread, userEmail: user.email, body: `q${i}` });
      postReply(h.db, liveOf(h).live, {
        thread,
        userEmail: user.email,
        body: `a${i}`,
      });
    }
    clock.mockRestore();

    const threads = await callerAs(h, user).chat.threads();

    expect(threads.map((t) => [t.thread, t.role, t.body, t.count])).toEqual(
      Array.from({ length: 20 }, (_, i) => {
        const n = 19 - i;

        return [`t-${n}`, "docket", `a${n}`, 2];
      }),
    );
  });

  it("keeps threads and calls to their owner", async () => {
    const h = fresh();
    const mine = callerAs(h, uma(h)).chat;
    const other = callerAs(h, makeUser(h, "user")).chat;
    const asked = await mine.ask({
      question: "Can I fly SFO to JFK on 3 May for $640?",
    });

    expect(await other.messages({ thread: asked.thread })).toEqual([]);
    expect(await other.threads()).toEqual([]);
    expect(await codeOf(other.status({ entryId: asked.entryId ?? "" }))).toBe(
      "NOT_FOUND",
    );
    expect(await mine.threads()).toHaveLength(1);
    await budgetDone(h, asked.entryId);
  });

  it("refuses nobody", async () => {
    const h = fresh();
    const chat = callerAs(h, null).chat;

    expect(await codeOf(chat.ask({ question: "hello" }))).toBe("UNAUTHORIZED");
    expect(await codeOf(chat.threads())).toBe("UNAUTHORIZED");
  });

  it("counts a streaming user as connected until they leave", async () => {
    const h = fresh();
    const user = uma(h);
    const abort = new AbortController();
    const stream = await callerAs(h, user, abort.signal).chat.stream({
      thread: "t-1",
    });
    const iterator = stream[Symbol.asyncIterator]();
    const first = iterator.next();
    const { live, presence } = liveOf(h);

    expect(presence.isConnected(user.email, "t-1")).toBe(true);
    live.publish({
      type: "progress",
      key: "policy",
      note: "looking up SFO",
      fragmentId: "frg_x",
      userEmail: user.email,
      thread: "t-1",
      entryId: "ent_x",
    });
    expect((await first).value).toMatchObject({ note: "looking up SFO" });
    abort.abort();
    await iterator.return?.(undefined);
    expect(presence.isConnected(user.email, "t-1")).toBe(false);
  });
});

describe("a call read again mid-answer", () => {
  it("has its notes, streamed text and waiting results from the database", async () => {
    const h = fresh();
    const user = makeUser(h, "user");
    const { id } = await h.registry.openEntry(
      entrySpec({
        requester: user.email,
        channel: { kind: "chat", thread: "t-1" },
        expect: [
          { key: "budget", kind: "tool" },
          { key: "reasoning", kind: "agent" },
          {
            key: "approval",
            kind: "human",
            assignee: "group:managers",
            after: ["budget"],
          },
        ],
      }),
    );
    await post(h, id, "budget", "ok", { payload: { left: 900 } });
    await post(h, id, "reasoning", "progress", { payload: "reading rules" });
    await post(h, id, "reasoning", "progress", { payload: "measuring" });
    for (const [seq, delta] of [
      [0, "The trip "],
      [2, "policy."],
      [1, "is within "],
    ] as const) {
      await h.registry.recordChunk(id, "reasoning", { seq, delta }, apiKey);
    }

    const status = await callerAs(h, user).chat.status({ entryId: id });

    expect(status.expectations.map((e) => [e.key, e.state])).toEqual([
      ["budget", "resolved"],
      ["reasoning", "streaming"],
      ["approval", "waiting"],
    ]);
    expect(status.notes.map((n) => [n.key, n.note])).toEqual([
      ["reasoning", "reading rules"],
      ["reasoning", "measuring"],
    ]);
    expect(status.notes[0]?.id).toMatch(/^frg_/);
    expect(status.chunks.map((c) => c.delta).join("")).toBe(
      "The trip is within policy.",
    );
    expect(status.chunks.some((c) => c.done)).toBe(false);
  });

  it("shows an admin's or another user's request for it as not found", async () => {
    const h = fresh();
    const uma = makeUser(h, "user");
    const { id } = await h.registry.openEntry(
      entrySpec({ requester: uma.email }),
    );

    for (const role of ["user", "approver", "admin"] as const) {
      const chat = callerAs(h, makeUser(h, role, ["managers"])).chat;
      expect(await codeOf(chat.status({ entryId: id }))).toBe("NOT_FOUND");
    }
  });
});
