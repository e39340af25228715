import { describe, expect, it } from "vitest";

import { mergeCall, type StoredProgress } from "./call-progress";
import { streamedText, type LiveCall } from "./use-chat-stream";

const stored: StoredProgress = {
  notes: [
    { id: "frg_1", key: "policy", note: "reading rules", at: 1 },
    { id: "frg_2", key: "policy", note: "measuring", at: 2 },
  ],
  chunks: [
    { seq: 0, delta: "The trip ", done: false },
    { seq: 1, delta: "is within ", done: false },
  ],
};

describe("a call rebuilt from the database and the live stream", () => {
  it("is what the database held before anything live arrived", () => {
    const shown = mergeCall(stored, undefined);

    expect(shown?.notes.map((n) => n.note)).toEqual([
      "reading rules",
      "measuring",
    ]);
    expect(streamedText(shown)).toBe("The trip is within ");
    expect(shown?.done).toBe(false);
  });

  it("shows what both carry once, and what only the stream has after", () => {
    const live: LiveCall = {
      notes: [
        { id: "frg_2", key: "policy", note: "measuring", at: 5 },
        { id: "frg_3", key: "policy", note: "verdict ready", at: 6 },
      ],
      chunks: { 1: "is within ", 2: "policy." },
      done: true,
    };

    const shown = mergeCall(stored, live);

    expect(shown?.notes.map((n) => n.id)).toEqual(["frg_1", "frg_2", "frg_3"]);
    expect(streamedText(shown)).toBe("The trip is within policy.");
    expect(shown?.done).toBe(true);
  });

  it("is the live call alone while the status is not read yet", () => {
    const live: LiveCall = { notes: [], chunks: { 0: "Hi" }, done: false };

    expect(mergeCall(undefined, live)).toBe(live);
  });
});
