import { describe, expect, it } from "vitest";

import { NotFoundError } from "@/server/registry/errors";
import { registriesPerTest } from "@/server/registry/testing/helpers";

import { listInbox, markRead, unreadCount } from "./inbox";
import { closedEntry, deliveriesOf, workersPerTest } from "./testing/helpers";

const fresh = registriesPerTest();
const workerOf = workersPerTest();

describe("an answer in the inbox", () => {
  it("is an unread item of its requester, one per delivery", async () => {
    const h = fresh();
    const { worker } = workerOf(h);

    const id = await closedEntry(h, {
      requester: "Uma@Example.com",
      question: "Book it?",
      channel: { kind: "inbox" },
    });
    await worker.drain();
    await worker.drain();

    const [delivery] = deliveriesOf(h, id);
    expect(delivery).toMatchObject({ channel: "inbox", status: "delivered" });
    const items = listInbox(h.db, "uma@example.com");
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      entryId: id,
      title: "Answer: Book it?",
      deliveryId: delivery?.id,
      readAt: null,
    });
    expect(items[0]?.body).toContain("You asked: Book it?");
    expect(unreadCount(h.db, "uma@example.com")).toBe(1);
  });

  it("is read by its owner only; another user's item is not found", async () => {
    const h = fresh();
    const { worker } = workerOf(h);
    await closedEntry(h, { requester: "uma@example.com" });
    await closedEntry(h, { requester: "uma@example.com" });
    await closedEntry(h, { requester: "ben@example.com" });
    await worker.drain();
    const [item] = listInbox(h.db, "uma@example.com");

    expect(() => markRead(h, "ben@example.com", item?.id ?? "")).toThrow(
      NotFoundError,
    );
    const read = markRead(h, "uma@example.com", item?.id ?? "", 5);
    const again = markRead(h, "uma@example.com", item?.id ?? "", 9);

    expect(read.readAt).toBe(5);
    expect(again.readAt).toBe(5);
    expect(unreadCount(h.db, "uma@example.com")).toBe(1);
    expect(unreadCount(h.db, "ben@example.com")).toBe(1);
    expect(listInbox(h.db, "ben@example.com")).toHaveLength(1);
  });

  it("is read with one timeline row, heard after commit", async () => {
    const h = fresh();
    const { worker } = workerOf(h);
    const id = await closedEntry(h, { requester: "uma@example.com" });
    await worker.drain();
    const [item] = listInbox(h.db, "uma@example.com");
    const heard: string[] = [];
    h.registry.events.on("timeline", (event) => heard.push(event.type));

    markRead(h, "uma@example.com", item?.id ?? "", 5);
    markRead(h, "uma@example.com", item?.id ?? "", 9);

    const reads = (await h.registry.getTimeline(id)).filter(
      (event) => event.type === "inbox.read",
    );
    expect(reads).toEqual([
      expect.objectContaining({
        at: 5,
        data: { inboxItemId: item?.id, deliveryId: item?.deliveryId },
      }),
    ]);
    expect(heard).toEqual(["inbox.read"]);
  });
});
