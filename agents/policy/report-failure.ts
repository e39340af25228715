import type { DocketClient } from "@/client";
import type { Logger } from "@/server/logger";

import { PolicyError } from "./errors";
import { errorFragment } from "./fragments";
import { withRetry, type RetryOptions } from "./retry";
import type { Work } from "./work";

function asPolicyError(error: unknown, stopped: boolean): PolicyError {
  if (error instanceof PolicyError) {
    return error;
  }
  if (stopped) {
    return new PolicyError(
      "stopped",
      "the policy agent stopped before it decided",
    );
  }
  const message = error instanceof Error ? error.message : String(error);

  return new PolicyError("failed", `the policy agent failed: ${message}`);
}

/** Tells Docket why there is no verdict, when Docket can still be told. */
export async function reportFailure(
  client: DocketClient,
  work: Work,
  error: unknown,
  options: { retry: RetryOptions; stopped: boolean; log: Logger },
) {
  const { log } = options;
  const failure = asPolicyError(error, options.stopped);
  // An unknown airport is the request's fault, not the agent's.
  const level = failure.code === "unknown_airport" ? "info" : "warn";
  log[level]({ err: error, code: failure.code }, "policy.failed");

  const send = () => client.post(work.entryId, errorFragment(work, failure));
  try {
    // A known cause is worth retries. After an unknown one (often Docket
    // itself failing, already retried) or a stop, one attempt is enough.
    const answer =
      failure.code === "unknown_airport"
        ? await withRetry(send, options.retry, () => {})
        : await send();
    log.info({ disposition: answer.disposition }, "policy.error_reported");
  } catch (err) {
    log.error({ err, cause: error }, "policy.report_failed");
  }
}
