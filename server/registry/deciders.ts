import { ValidationError } from "./errors";
import type { Expectation } from "./types";

/** Why nobody could ever decide a human expectation. */
export interface Undecidable {
  /** A short code: `unknown_user`, `empty_group`, `requester`, … */
  reason: string;
  message: string;
}

/**
 * Says whether anyone could ever decide a human expectation, or why not.
 * The registry knows no people: whoever builds it passes this in, so that
 * every way of opening an entry (API, flows, child entries) is checked by
 * the same rules. Plans are synchronous, and so is the check.
 */
export type DeciderCheck = (
  requester: string,
  expectation: Pick<Expectation, "key" | "kind" | "assignee">,
) => Undecidable | null;

/** Refuses expectations that would wait for a decision that cannot come. */
export function checkDeciders(
  check: DeciderCheck | null,
  requester: string,
  list: Pick<Expectation, "key" | "kind" | "assignee">[],
): void {
  if (!check) {
    return;
  }
  const problems = list.flatMap((e) => {
    const why = e.kind === "human" ? check(requester, e) : null;

    return why ? [{ key: e.key, assignee: e.assignee, ...why }] : [];
  });
  const first = problems[0];
  if (first) {
    throw new ValidationError(
      `"${first.key}" can never be decided: ${first.message}`,
      { key: first.key, reason: first.reason, problems },
    );
  }
}
