/**
 * Where each result of a call stands, in words: which are in, which wait
 * and on whom. Pure, so the wording is tested without a browser.
 */

export interface Slot {
  key: string;
  kind: string;
  state: string;
  assignee: string | null;
  after: string[];
}

export type Phase = "in" | "waiting" | "ended";

const WAITING = new Set(["waiting", "blocked", "streaming"]);

export function phaseOf(slot: Pick<Slot, "state">): Phase {
  if (slot.state === "resolved") {
    return "in";
  }

  return WAITING.has(slot.state) ? "waiting" : "ended";
}

/** "a", "a and b", "a, b and c". */
export function listWords(items: string[]): string {
  if (items.length < 2) {
    return items.join("");
  }

  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** Who a result is expected from: "group managers", "ana@…", "the agent". */
export function whoFor(slot: Pick<Slot, "kind" | "assignee">): string {
  if (slot.assignee?.startsWith("group:")) {
    return `group ${slot.assignee.slice("group:".length)}`;
  }
  if (slot.assignee) {
    return slot.assignee;
  }

  return slot.kind === "human" ? "an approver" : `the ${slot.kind}`;
}

const ENDED: Record<string, string> = {
  failed: "failed",
  timed_out: "timed out",
  cancelled: "cancelled: the call closed without it",
};

/**
 * One result's line: "budget — in", "approval — waiting for group
 * managers, after budget and policy" (only what it still waits after).
 */
export function slotWords(slot: Slot, all: Slot[]): string {
  const who = whoFor(slot);
  if (slot.state === "resolved") {
    return `${slot.key} — in`;
  }
  if (slot.state === "streaming") {
    return `${slot.key} — arriving from ${who}`;
  }
  if (slot.state === "waiting") {
    return `${slot.key} — waiting for ${who}`;
  }
  if (slot.state === "blocked") {
    const pending = slot.after.filter(
      (key) => all.find((other) => other.key === key)?.state !== "resolved",
    );
    const after = pending.length > 0 ? pending : slot.after;

    return `${slot.key} — waiting for ${who}, after ${listWords(after)}`;
  }

  return `${slot.key} — ${ENDED[slot.state] ?? slot.state.replace("_", " ")}`;
}
