import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { answers, deliveries, outbox, timelineEvents } from "@/db/schema";
import { entrySpec } from "@/server/registry/testing/harness";
import {
  eventsOf,
  post,
  registriesPerTest,
} from "@/server/registry/testing/helpers";
import type { TimelineEvent } from "@/server/registry/types";

import { completeEntry } from "./complete-entry";
import { dueOutbox } from "./outbox";
import { closedEntry, deliveriesOf, workersPerTest } from "./testing/helpers";
import { receiversPerTest, until } from "./testing/receiver";

const fresh = registriesPerTest();
const workerOf = workersPerTest();
const receiver = receiversPerTest();

describe("the delivery worker", () => {
  it("writes a timeline row for every status change, and publishes it", async () => {
    const h = fresh();
    const hook = await receiver({ statuses: [500] });
    const heard: TimelineEvent[] = [];
    h.registry.events.on("timeline", (e) => heard.push(e));
    const { worker } = workerOf(h);
    const channel = { kind: "chat", thread: "t", fallback: ["inbox", "fax"] };
    const chat = await closedEntry(h, { requester: "uma", channel });
    const hooked = await closedEntry(h, {
      channel: { kind: "webhook", url: hook.url },
    });
    const bad = await closedEntry(h, {
      channel: { kind: "webhook", url: "ftp://x" },
    });

    await worker.drain();
    h.advance(1_000);
    await worker.drain();

    const rows = h.db.select().from(deliveries).all();
    expect(rows.map((d) => d.status).sort()).toEqual([
      "delivered",
      "delivered",
      "delivered",
      "failed",
      "skipped",
    ]);
    for (const entryId of [chat, hooked, bad]) {
      const events = await h.registry.getTimeline(entryId);
      for (const d of deliveriesOf(h, entryId)) {
        const mine = events
          .filter((e) => e.data.deliveryId === d.id)
          .map((e) => e.type);
        expect(mine).toEqual(expectedSteps(d.status, d.attempts));
      }
    }
    const written = h.db.select().from(timelineEvents).all();
    const ours = written.filter((e) =>
      /^(delivery|answer|route)\./.test(e.type),
    );
    expect(ours.length).toBeGreaterThan(0);
    for (const row of ours) {
      expect(heard).toContainEqual(row);
    }
  });

  it("takes a completion once, however often it runs", async () => {
    const h = fresh();
    const id = await closedEntry(h);
    const [row] = dueOutbox(h.db, h.clock.now, 10);
    const deps = { db: h.db, now: h.clock.now, isConnected: () => false };

    const first = completeEntry(deps, row?.id ?? 0);
    const second = completeEntry(deps, row?.id ?? 0);

    expect(first.map((e) => e.type)).toEqual([
      "answer.assembled",
      "route.chosen",
      "delivery.queued",
    ]);
    expect(second).toEqual([]);
    expect(h.db.select().from(answers).all()).toHaveLength(1);
    expect(deliveriesOf(h, id)).toHaveLength(1);
    const [taken] = h.db
      .select()
      .from(outbox)
      .where(eq(outbox.id, row?.id ?? 0))
      .all();
    expect(taken?.status).toBe("done");
  });

  it("retries a completion that cannot be taken, then fails it", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());
    h.db
      .insert(outbox)
      .values({
        entryId: id,
        kind: "completion",
        status: "pending",
        nextAttemptAt: h.clock.now,
        payload: {},
        createdAt: h.clock.now,
      })
      .run();
    const { worker } = workerOf(h, {
      retry: { baseMs: 1_000, maxMs: 1_000, maxAttempts: 2 },
    });

    await worker.drain();
    h.advance(1_000);
    await worker.drain();

    const types = (await h.registry.getTimeline(id)).map((e) => e.type);
    expect(types.filter((t) => t.startsWith("outbox."))).toEqual([
      "outbox.retry",
      "outbox.failed",
    ]);
    const [row] = h.db.select().from(outbox).all();
    expect(row).toMatchObject({ status: "failed", attempts: 2 });
    expect(row?.lastError).toContain("has no closure");
  });

  it("wakes at once on a closure, without waiting for its poll", async () => {
    const h = fresh();
    const { worker, presence, live } = workerOf(h, {
      clock: Date.now,
      pollMs: 60_000,
    });
    presence.connect("uma@example.com");
    worker.start();
    const latencies: number[] = [];
    let closedAt = 0;
    h.registry.events.on("timeline", (e) => {
      if (e.type === "entry.closed") {
        closedAt = performance.now();
      }
    });
    live.on("live", (e) => {
      if (e.type === "answer") {
        latencies.push(performance.now() - closedAt);
      }
    });

    for (let i = 0; i < 50; i++) {
      const { id } = await h.registry.openEntry(
        entrySpec({
          requester: "uma@example.com",
          channel: { kind: "chat", thread: `t-${i}` },
          expect: [{ key: "budget", kind: "tool" }],
        }),
      );
      await post(h, id, "budget", "ok", { payload: i });
      await until(() => latencies.length === i + 1);
    }

    // The target (p99 under 20 ms) is the benchmark's to measure on a quiet
    // machine; here the median shows the path is short, and the worst case
    // that no answer waited for the poll.
    latencies.sort((a, b) => a - b);
    expect(latencies).toHaveLength(50);
    expect(latencies[25]).toBeLessThan(20);
    expect(latencies[49]).toBeLessThan(1_000);
  });

  it("wakes at once on an approval request", async () => {
    const h = fresh();
    const { worker } = workerOf(h, { clock: Date.now, pollMs: 60_000 });
    worker.start();

    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [{ key: "approval", kind: "human", assignee: "group:none" }],
      }),
    );

    await until(() => h.db.select().from(outbox).all()[0]?.status === "done");
    const [route] = await eventsOf(h, id, "route.chosen");
    expect(route?.data.purpose).toBe("approval_request");
  });
});

/** The timeline of one delivery, from its status and attempt count. */
function expectedSteps(status: string, attempts: number): string[] {
  if (status === "skipped") {
    return ["delivery.queued", "delivery.skipped"];
  }
  const steps = ["delivery.queued"];
  for (let i = 1; i <= attempts; i++) {
    const last = i === attempts;
    steps.push(
      "delivery.attempt",
      !last
        ? "delivery.retry"
        : status === "delivered"
          ? "delivery.sent"
          : "delivery.failed",
    );
  }

  return steps;
}
