import { describe, expect, it } from "vitest";

import { listWords, phaseOf, slotWords, type Slot } from "./status-words";

const slot = (key: string, state: string, extra: Partial<Slot> = {}) => ({
  key,
  kind: "tool",
  state,
  assignee: null,
  after: [],
  ...extra,
});

const approval = (state: string) =>
  slot("approval", state, {
    kind: "human",
    assignee: "group:managers",
    after: ["budget", "policy"],
  });

describe("a call's status in words", () => {
  it("says a blocked approval waits on its group after what is missing", () => {
    const waiting = [slot("budget", "waiting"), slot("policy", "waiting")];
    const budgetIn = [slot("budget", "resolved"), slot("policy", "waiting")];

    expect(slotWords(approval("blocked"), waiting)).toBe(
      "approval — waiting for group managers, after budget and policy",
    );
    expect(slotWords(approval("blocked"), budgetIn)).toBe(
      "approval — waiting for group managers, after policy",
    );
  });

  it("names results that are in, waiting, arriving or ended", () => {
    const agent = { kind: "agent" };

    expect(slotWords(slot("budget", "resolved"), [])).toBe("budget — in");
    expect(slotWords(slot("policy", "waiting", agent), [])).toBe(
      "policy — waiting for the agent",
    );
    expect(slotWords(slot("reasoning", "streaming", agent), [])).toBe(
      "reasoning — arriving from the agent",
    );
    expect(slotWords(approval("waiting"), [])).toBe(
      "approval — waiting for group managers",
    );
    expect(slotWords(slot("policy", "timed_out"), [])).toBe(
      "policy — timed out",
    );
    expect(slotWords(slot("approval", "waiting", { kind: "human" }), [])).toBe(
      "approval — waiting for an approver",
    );
  });

  it("sorts states into in, waiting and ended", () => {
    expect(
      ["resolved", "blocked", "streaming", "failed"].map((s) =>
        phaseOf({ state: s }),
      ),
    ).toEqual(["in", "waiting", "waiting", "ended"]);
  });

  it("joins names as a sentence does", () => {
    expect(listWords(["a"])).toBe("a");
    expect(listWords(["a", "b", "c"])).toBe("a, b and c");
  });
});
