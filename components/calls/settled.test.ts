import { describe, expect, it } from "vitest";

import type { Json } from "@/server/registry/types";

import { isSettled } from "./settled";

const row = (type: string, data: Record<string, Json> = {}) => ({
  type,
  data,
});
const queued = (deliveryId: string, purpose = "answer") =>
  row("delivery.queued", { deliveryId, purpose, channel: "inbox" });

describe("whether a call is settled", () => {
  it("is not while the entry is open", () => {
    expect(isSettled("open", [row("answer.assembled")])).toBe(false);
  });

  it("is not once closed, before its answer is assembled", () => {
    expect(
      isSettled("closed", [row("entry.closed"), row("completion.queued")]),
    ).toBe(false);
  });

  it("is not while an answer delivery waits or retries", () => {
    const events = [
      row("answer.assembled"),
      queued("dlv_a"),
      queued("dlv_b"),
      row("delivery.sent", { deliveryId: "dlv_a" }),
      row("delivery.retry", { deliveryId: "dlv_b" }),
    ];

    expect(isSettled("closed", events)).toBe(false);
  });

  it("is once every answer delivery was sent, failed or skipped", () => {
    const events = [
      row("answer.assembled"),
      queued("dlv_a"),
      queued("dlv_b"),
      queued("dlv_c"),
      queued("dlv_ask", "approval_request"),
      row("delivery.sent", { deliveryId: "dlv_a" }),
      row("delivery.failed", { deliveryId: "dlv_b" }),
      row("delivery.skipped", { deliveryId: "dlv_c" }),
    ];

    expect(isSettled("closed", events)).toBe(true);
  });
});
