import type { ExpectationState, Json, Outcome } from "@/server/registry/types";

import type { EntryView } from "./records";

/** One expectation as the answer reports it. */
export interface KeyResult {
  kind: string;
  state: ExpectationState;
  /** The outcome of the latest accepted result, or null if none came. */
  outcome: Outcome | null;
  /** Its payload; for `repeat: collect`, every accepted payload in order. */
  payload: Json;
}

/** Each expectation's accepted result, outcome and state, by key. */
export function resultsOf(view: EntryView): Record<string, KeyResult> {
  const results: Record<string, KeyResult> = {};
  for (const e of view.expectations) {
    const accepted = view.fragments.filter((f) => f.key === e.key);
    const last = accepted.at(-1);
    results[e.key] = {
      kind: e.kind,
      state: e.state,
      outcome: last?.outcome ?? null,
      payload:
        e.repeat === "collect"
          ? accepted.map((f) => f.payload)
          : (last?.payload ?? null),
    };
  }

  return results;
}

/** Payloads for a template: undefined where nothing arrived. */
export function payloadsOf(
  results: Record<string, KeyResult>,
): Record<string, Json | undefined> {
  const payloads: Record<string, Json | undefined> = {};
  for (const [key, result] of Object.entries(results)) {
    payloads[key] = result.outcome === null ? undefined : result.payload;
  }

  return payloads;
}

/** Results as plain JSON, for the answer's parts. */
export function resultsJson(
  results: Record<string, KeyResult>,
): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, r] of Object.entries(results)) {
    out[key] = {
      kind: r.kind,
      state: r.state,
      outcome: r.outcome,
      payload: r.payload,
    };
  }

  return out;
}
