import type { TimelineEvent } from "@/server/registry/types";

/** A delivery's last word: nothing more happens to it after one. */
const FINAL = new Set(["delivery.sent", "delivery.failed", "delivery.skipped"]);

/**
 * Whether nothing more is to come for an entry but late arrivals: it is
 * closed, its answer was assembled, and every answer delivery queued for
 * it was sent, failed for good or skipped. Until then its page follows
 * it live.
 */
export function isSettled(
  state: "open" | "closed",
  events: readonly Pick<TimelineEvent, "type" | "data">[],
): boolean {
  if (state !== "closed") {
    return false;
  }
  const answers = new Set<unknown>();
  const done = new Set<unknown>();
  let assembled = false;
  for (const { type, data } of events) {
    if (type === "answer.assembled") {
      assembled = true;
    } else if (type === "delivery.queued" && data.purpose === "answer") {
      answers.add(data.deliveryId);
    } else if (FINAL.has(type)) {
      done.add(data.deliveryId);
    }
  }

  return assembled && [...answers].every((id) => done.has(id));
}
