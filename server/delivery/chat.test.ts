import fs from "node:fs";
import path from "node:path";

import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { chatMessages, inboxItems } from "@/db/schema";
import { entrySpec } from "@/server/registry/testing/harness";
import {
  eventsOf,
  post,
  registriesPerTest,
} from "@/server/registry/testing/helpers";

import { listThread } from "./read";
import { closedEntry, deliveriesOf, workersPerTest } from "./testing/helpers";

const fresh = registriesPerTest();
const workerOf = workersPerTest();
const uma = "uma@example.com";
const chat = { kind: "chat", thread: "t-42" };

describe("an answer on a chat", () => {
  it("reaches a connected user's thread only, and the live bus", async () => {
    const h = fresh();
    const { worker, presence, heard } = workerOf(h);
    const release = presence.connect(uma, "t-42");

    const id = await closedEntry(h, { requester: uma, channel: chat });
    await worker.drain();
    release();

    const rows = listThread(h.db, "UMA@example.com", "t-42");
    expect(rows).toHaveLength(1);
    expect(listThread(h.db, "ben@example.com", "t-42")).toEqual([]);
    expect(rows[0]).toMatchObject({
      thread: "t-42",
      userEmail: uma,
      entryId: id,
      role: "docket",
    });
    expect(rows[0]?.body).toContain("You asked:");
    expect(deliveriesOf(h, id).map((d) => [d.channel, d.status])).toEqual([
      ["chat", "delivered"],
    ]);
    const answers = heard.filter((e) => e.type === "answer");
    expect(answers).toEqual([
      expect.objectContaining({
        type: "answer",
        userEmail: uma,
        thread: "t-42",
        entryId: id,
        messageId: rows[0]?.id,
      }),
    ]);
    const [route] = await eventsOf(h, id, "route.chosen");
    expect(route?.data).toMatchObject({
      choice: "chat",
      reason: 'the user is connected to thread "t-42"',
    });
  });

  it("also goes to inbox and email when the user is away", async () => {
    const h = fresh();
    const { worker } = workerOf(h);

    const id = await closedEntry(h, { requester: uma, channel: chat });
    await worker.drain();

    expect(deliveriesOf(h, id).map((d) => [d.channel, d.status])).toEqual([
      ["chat", "delivered"],
      ["email", "delivered"],
      ["inbox", "delivered"],
    ]);
    expect(h.db.select().from(chatMessages).all()).toHaveLength(1);
    const inbox = h.db
      .select()
      .from(inboxItems)
      .where(eq(inboxItems.userEmail, uma))
      .all();
    expect(inbox).toHaveLength(1);
    const mail = fs.readdirSync(path.join(path.dirname(h.file), "mail"));
    expect(mail).toHaveLength(1);
    const [route] = await eventsOf(h, id, "route.chosen");
    expect(route?.data).toMatchObject({
      choice: "chat+inbox+email",
      channels: ["chat", "inbox", "email"],
    });
    expect(String(route?.data.reason)).toContain(
      "the user was not connected at closure",
    );
  });

  it("honours the channel's own fallback list", async () => {
    const h = fresh();
    const { worker } = workerOf(h);
    const channel = { ...chat, fallback: ["email", "sms"] };

    const id = await closedEntry(h, { requester: uma, channel });
    await worker.drain();

    const sent = deliveriesOf(h, id).map((d) => [d.channel, d.status]);
    expect(sent).toEqual([
      ["chat", "delivered"],
      ["email", "delivered"],
      ["sms", "skipped"],
    ]);
    const [skipped] = await eventsOf(h, id, "delivery.skipped");
    expect(skipped?.data.why).toBe(
      '"sms" cannot be a fallback: only inbox and email can',
    );
  });

  it("relays progress notes, chunks and states to the chat as they land", async () => {
    const h = fresh();
    const { heard } = workerOf(h);
    const { id } = await h.registry.openEntry(
      entrySpec({
        requester: uma,
        channel: chat,
        expect: [
          { key: "plan", kind: "llm" },
          { key: "budget", kind: "tool" },
        ],
      }),
    );

    await post(h, id, "budget", "progress", { payload: "checking limits" });
    await h.registry.recordChunk(
      id,
      "plan",
      { seq: 0, delta: "Fly " },
      {
        type: "system",
      },
    );
    await post(h, id, "budget", "ok", { payload: 1200 });

    expect(heard.map((e) => e.type)).toEqual([
      "progress",
      "state",
      "chunk",
      "state",
    ]);
    expect(heard[0]).toMatchObject({
      userEmail: uma,
      thread: "t-42",
      entryId: id,
      key: "budget",
      note: "checking limits",
    });
    expect(heard[2]).toMatchObject({ key: "plan", seq: 0, delta: "Fly " });
    expect(heard[3]).toMatchObject({ key: "budget", state: "resolved" });
  });

  it("relays nothing live for entries on other channels", async () => {
    const h = fresh();
    const { heard } = workerOf(h);
    const { id } = await h.registry.openEntry(
      entrySpec({ requester: uma, channel: { kind: "inbox" } }),
    );

    await post(h, id, "budget", "progress", { payload: "checking" });

    expect(heard).toEqual([]);
  });
});
