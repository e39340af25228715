import type { Closure } from "@/server/registry/types";

import type { KeyResult } from "./results";
import { show } from "./template";

type Said = Pick<Closure, "verdict" | "reason" | "clause" | "detail">;

/** A short title: what happened, then the question. */
export function titleOf(closure: Said, question: string): string {
  const q = shorten(question.replace(/\s+/g, " ").trim(), 72);
  if (closure.verdict === "cancelled") {
    return `Cancelled: ${q}`;
  }
  if (closure.verdict === "rejected") {
    return `Declined: ${q}`;
  }
  if (closure.verdict === "failed") {
    return closure.reason === "deadline"
      ? `No answer in time: ${q}`
      : `Could not answer: ${q}`;
  }

  return closure.reason === "deadline"
    ? `Partial answer: ${q}`
    : `Answer: ${q}`;
}

/** One sentence saying how the call ended and why, from its closure. */
export function outcomeSentence(closure: Said): string {
  const { verdict, reason, clause, detail } = closure;
  if (verdict === "cancelled") {
    const why = detail.replace(/^cancelled:?\s*/, "");

    return why ? `The call was cancelled: ${why}.` : "The call was cancelled.";
  }
  if (reason === "deadline") {
    const lead =
      verdict === "completed"
        ? "Answered with what arrived in time"
        : "No answer came in time";

    return `${lead}: ${detail}.`;
  }
  if (verdict === "rejected") {
    return `The answer is no: ${detail}.`;
  }
  if (reason === "unsatisfiable") {
    const what = clause ?? "its criterion";

    return `The call could not be completed: ${what} can no longer be met.`;
  }
  if (reason === "definitive") {
    return `Answered: ${detail}.`;
  }

  return `Answered: ${clause ?? "every required result"} is met.`;
}

const STATE_WORDS: Record<string, string> = {
  waiting: "nothing arrived",
  blocked: "never started: what it waited for did not come",
  streaming: "its stream did not finish",
  timed_out: "timed out",
  failed: "failed",
  cancelled: "nothing arrived before the call closed",
};

const OUTCOME_WORDS: Record<string, string> = {
  ok: "ok",
  negative: "no",
  error: "error",
};

/** `- key: result` lines, one per expectation. */
export function resultLines(results: Record<string, KeyResult>): string[] {
  return Object.entries(results).map(([key, r]) => {
    if (r.outcome === null) {
      return `- ${key}: ${STATE_WORDS[r.state] ?? r.state}`;
    }
    const word = OUTCOME_WORDS[r.outcome] ?? r.outcome;
    const value = shorten(show(r.payload), 1000);
    if (!value) {
      return `- ${key}: ${word}`;
    }

    return r.outcome === "ok"
      ? `- ${key}: ${value}`
      : `- ${key} (${word}): ${value}`;
  });
}

export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
