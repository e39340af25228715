import type { FragmentInputInput } from "@/server/registry/schemas";

import type { Airport } from "./airports";
import type { Assessment } from "./assess-trip";
import type { PolicyError } from "./errors";
import type { Work } from "./work";

/**
 * One final fragment per entry, verdict or error: a retried post, or a
 * repeated work request, is answered by Docket with the first one.
 */
const idempotencyKey = (work: Work) => `policy:${work.entryId}`;

const SOURCE = "policy-agent";

const airport = ({ iata, name, city, country }: Airport) => ({
  iata,
  name,
  city,
  country,
});

export function verdictFragment(
  work: Work,
  { from, to, facts, verdict }: Assessment,
  reasoning: string,
): FragmentInputInput {
  return {
    key: work.key,
    outcome: verdict.allowed ? "ok" : "negative",
    payload: {
      allowed: verdict.allowed,
      distanceKm: Math.round(facts.distanceKm),
      from: airport(from),
      to: airport(to),
      cabin: facts.cabin,
      priceUsd: facts.priceUsd,
      limitUsd: verdict.limitUsd,
      reasons: verdict.reasons,
      reasoning,
    },
    idempotencyKey: idempotencyKey(work),
    source: SOURCE,
  };
}

export function errorFragment(
  work: Work,
  failure: PolicyError,
): FragmentInputInput {
  return {
    key: work.key,
    outcome: "error",
    payload: { code: failure.code, message: failure.message },
    idempotencyKey: idempotencyKey(work),
    source: SOURCE,
  };
}
