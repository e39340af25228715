export interface RetryPolicy {
  /** The wait after the first failed attempt; it doubles each time. */
  baseMs: number;
  maxMs: number;
  /** Attempts in all; the last failure is final. */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  baseMs: 2_000,
  maxMs: 15 * 60_000,
  maxAttempts: 10,
};

/** How long to wait after failed attempt number `attempt` (from 1). */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const doubled = policy.baseMs * 2 ** Math.max(0, attempt - 1);

  return Math.min(policy.maxMs, doubled);
}

export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);

  return text.length > 1000 ? `${text.slice(0, 999)}…` : text;
}
