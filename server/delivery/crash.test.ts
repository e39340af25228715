import { describe, expect, it } from "vitest";

import { chatMessages, inboxItems } from "@/db/schema";
import { eventsOf, registriesPerTest } from "@/server/registry/testing/helpers";

import { claimDue } from "./claim";
import { completeEntry } from "./complete-entry";
import { dueOutbox } from "./outbox";
import { closedEntry, deliveriesOf, workersPerTest } from "./testing/helpers";
import { receiversPerTest, until } from "./testing/receiver";

const fresh = registriesPerTest();
const workerOf = workersPerTest();
const receiver = receiversPerTest();

describe("after a crash", () => {
  it("an answer committed but never sent is delivered once on restart", async () => {
    const first = fresh();
    const id = await closedEntry(first, {
      requester: "uma@example.com",
      channel: { kind: "chat", thread: "t-1" },
    });
    const closedEvents = await eventsOf(first, id, "completion.queued");
    await first.close();

    const second = fresh({ file: first.file });
    await workerOf(second).worker.drain();
    const third = fresh({ file: first.file });
    await workerOf(third).worker.drain();

    expect(closedEvents).toHaveLength(1);
    expect(
      deliveriesOf(third, id).map((d) => [d.channel, d.status, d.attempts]),
    ).toEqual([
      ["chat", "delivered", 1],
      ["email", "delivered", 1],
      ["inbox", "delivered", 1],
    ]);
    expect(third.db.select().from(chatMessages).all()).toHaveLength(1);
    expect(third.db.select().from(inboxItems).all()).toHaveLength(1);
    expect(await eventsOf(third, id, "answer.assembled")).toHaveLength(1);
  });

  it("a webhook cut off mid-send is sent again once, under the same key", async () => {
    const first = fresh();
    const hook = await receiver({ hold: 1 });
    const id = await closedEntry(first, {
      channel: { kind: "webhook", url: hook.url },
    });
    const crashed = workerOf(first);
    const sending = crashed.worker.drain();
    await until(() => hook.hits.length === 1);
    // The process dies while the receiver holds the request.
    await first.close();
    hook.drop();
    await expect(sending).rejects.toThrow("not open");

    const second = fresh({ file: first.file });
    expect(deliveriesOf(second, id)[0]).toMatchObject({
      status: "sending",
      attempts: 1,
    });
    const { worker } = workerOf(second);
    await worker.drain();
    const early = deliveriesOf(second, id)[0]?.status;
    second.advance(30_001);
    await worker.drain();
    await worker.drain();

    expect(early).toBe("sending");
    const [delivery] = deliveriesOf(second, id);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 2 });
    expect(hook.hits).toHaveLength(2);
    expect(hook.hits.map((h) => h.headers["idempotency-key"])).toEqual([
      delivery?.id,
      delivery?.id,
    ]);
    const attempts = await eventsOf(second, id, "delivery.attempt");
    expect(attempts.map((e) => e.data.leaseExpired)).toEqual([false, true]);
  });

  it("a chat answer claimed by a sender that died is written once", async () => {
    const first = fresh();
    const id = await closedEntry(first, {
      requester: "uma@example.com",
      channel: { kind: "chat", thread: "t-1" },
    });
    const now = first.clock.now;
    // Take the outbox and claim the delivery, then die before sending.
    const [row] = dueOutbox(first.db, now, 10);
    completeEntry({ db: first.db, now, isConnected: () => true }, row?.id ?? 0);
    const left = claimDue(first.db, {
      now,
      remote: false,
      limit: 10,
      leaseMs: 30_000,
      maxAttempts: 5,
    });
    await first.close();

    const second = fresh({ file: first.file });
    const { worker } = workerOf(second);
    await worker.drain();
    const early = second.db.select().from(chatMessages).all().length;
    second.advance(30_001);
    await worker.drain();
    await worker.drain();

    expect(left.claimed.map((d) => d.status)).toEqual(["sending"]);
    expect(early).toBe(0);
    expect(second.db.select().from(chatMessages).all()).toHaveLength(1);
    expect(deliveriesOf(second, id)[0]).toMatchObject({
      status: "delivered",
      attempts: 2,
    });
  });
});
