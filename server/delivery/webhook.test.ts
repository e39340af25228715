import { describe, expect, it } from "vitest";

import {
  eventTypes,
  registriesPerTest,
  type Harness,
} from "@/server/registry/testing/helpers";

import { instanceWebhookSecret, verifySignature } from "./signing";
import {
  closedEntry,
  deliveriesOf,
  SECRET,
  workersPerTest,
} from "./testing/helpers";
import { receiversPerTest, until } from "./testing/receiver";

const fresh = registriesPerTest();
const workerOf = workersPerTest();

const receiver = receiversPerTest();

const webhookEntry = (h: Harness, channel: Record<string, string>) =>
  closedEntry(h, { channel: { kind: "webhook", ...channel } });

describe("an answer by webhook", () => {
  it("is posted signed, with the delivery id as Idempotency-Key", async () => {
    const h = fresh();
    const hook = await receiver();
    const { worker } = workerOf(h);

    const id = await webhookEntry(h, { url: hook.url });
    await worker.drain();

    const [delivery] = deliveriesOf(h, id);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 1 });
    expect(hook.hits).toHaveLength(1);
    const [hit] = hook.hits;
    expect(hit?.headers["idempotency-key"]).toBe(delivery?.id);
    expect(hit?.headers["content-type"]).toBe("application/json");
    const signature = String(hit?.headers["docket-signature"]);
    const secret = instanceWebhookSecret(SECRET);
    const now = Math.floor(h.clock.now / 1000);
    expect(verifySignature(secret, signature, hit?.body ?? "", now)).toBe(true);
    expect(verifySignature("wrong", signature, hit?.body ?? "", now)).toBe(
      false,
    );
    expect(JSON.parse(hit?.body ?? "")).toMatchObject({
      entryId: id,
      deliveryId: delivery?.id,
      verdict: "completed",
      reason: "criterion_met",
      parts: { results: { budget: { payload: { remaining: 1200 } } } },
    });
  });

  it("is signed with the channel's own secret when it has one", async () => {
    const h = fresh();
    const hook = await receiver();
    const { worker } = workerOf(h);

    await webhookEntry(h, { url: hook.url, secret: "whsec_own_secret" });
    await worker.drain();

    const [hit] = hook.hits;
    const signature = String(hit?.headers["docket-signature"]);
    const now = Math.floor(h.clock.now / 1000);
    expect(
      verifySignature("whsec_own_secret", signature, hit?.body ?? "", now),
    ).toBe(true);
  });

  it("is retried after two 500s and delivered once, on attempt 3", async () => {
    const h = fresh();
    const hook = await receiver({ statuses: [500, 500, 204] });
    const { worker } = workerOf(h, {
      clock: Date.now,
      retry: { baseMs: 5, maxMs: 50, maxAttempts: 5 },
    });
    worker.start();

    const id = await webhookEntry(h, { url: hook.url });
    await until(() => deliveriesOf(h, id)[0]?.status === "delivered");

    expect(deliveriesOf(h, id)[0]).toMatchObject({
      status: "delivered",
      attempts: 3,
      lastError: null,
    });
    expect(hook.hits).toHaveLength(3);
    const keys = new Set(
      hook.hits.map((hit) => hit.headers["idempotency-key"]),
    );
    expect(keys.size).toBe(1);
    const steps = (await eventTypes(h, id)).filter((t) =>
      t.startsWith("delivery."),
    );
    expect(steps).toEqual([
      "delivery.queued",
      "delivery.attempt",
      "delivery.retry",
      "delivery.attempt",
      "delivery.retry",
      "delivery.attempt",
      "delivery.sent",
    ]);
  });

  it("fails after the last attempt, with the last error kept", async () => {
    const h = fresh();
    const hook = await receiver({ statuses: [503, 503] });
    const { worker } = workerOf(h, {
      retry: { baseMs: 1_000, maxMs: 60_000, maxAttempts: 2 },
    });

    const id = await webhookEntry(h, { url: hook.url });
    await worker.drain();
    h.advance(1_000);
    await worker.drain();

    expect(deliveriesOf(h, id)[0]).toMatchObject({
      status: "failed",
      attempts: 2,
      lastError: "the webhook answered 503",
    });
  });

  it("refuses a url that is not http or https, at once", async () => {
    const h = fresh();
    const { worker } = workerOf(h);

    const id = await webhookEntry(h, { url: "file:///etc/passwd" });
    await worker.drain();

    expect(deliveriesOf(h, id)[0]).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: "the webhook url must be http or https, not file:",
    });
  });

  it("never posts to a link-local address such as a metadata service", async () => {
    const h = fresh();
    const { worker } = workerOf(h);

    const id = await webhookEntry(h, { url: "http://169.254.169.254/x" });
    await worker.drain();

    expect(deliveriesOf(h, id)[0]).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError:
        "the webhook url points at 169.254.169.254, a link-local address",
    });
  });

  it("sees through other spellings of a link-local address", async () => {
    const h = fresh();
    const { worker } = workerOf(h);
    const urls = [
      "http://[::ffff:169.254.169.254]/x",
      "http://[::ffff:a9fe:a9fe]/x",
      "http://2852039166/x",
      "http://[fe80::1]/x",
      "http://0.0.0.0/x",
    ];

    const ids: string[] = [];
    for (const url of urls) {
      ids.push(await webhookEntry(h, { url }));
    }
    await worker.drain();

    const refused = ids.map((id) => deliveriesOf(h, id)[0]?.lastError ?? "");
    expect(refused[0]).toMatch(/a link-local address/);
    expect(refused[1]).toMatch(/a link-local address/);
    expect(refused[2]).toMatch(/169\.254\.169\.254, a link-local address/);
    expect(refused[3]).toMatch(/a link-local address/);
    expect(refused[4]).toMatch(/a link-local address/);
  });
});
