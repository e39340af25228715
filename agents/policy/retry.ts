import { setTimeout as sleep } from "node:timers/promises";

import { DocketError } from "@/client";

export interface RetryOptions {
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  attempts: 5,
  baseMs: 250,
  maxMs: 5_000,
};

/**
 * Docket refusing the request (4xx) will refuse it again; anything else —
 * no connection, a 5xx, a 429 — may pass later.
 */
function retryable(error: unknown): boolean {
  if (error instanceof DocketError) {
    return error.status >= 500 || error.status === 429;
  }

  return true;
}

function waitMs(error: unknown, attempt: number, options: RetryOptions) {
  const doubled = options.baseMs * 2 ** (attempt - 1);
  const asked =
    error instanceof DocketError && error.retryAfterSeconds !== null
      ? error.retryAfterSeconds * 1000
      : 0;

  return Math.min(options.maxMs, Math.max(doubled, asked));
}

/**
 * Runs `send` until it succeeds, fails for good, or attempts run out. Only
 * for requests that are safe to repeat (an idempotency key, chunk seqs).
 */
export async function withRetry<T>(
  send: () => Promise<T>,
  options: RetryOptions,
  onRetry: (error: unknown, attempt: number) => void,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (attempt >= options.attempts || !retryable(error)) {
        throw error;
      }
      onRetry(error, attempt);
      await sleep(waitMs(error, attempt, options), undefined, { signal });
    }
  }
}
