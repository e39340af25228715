const UNIT_MS = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
} as const;

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

/** Ten years: longer waits are mistakes, and dates past year 9999 break. */
export const MAX_DURATION_MS = 3650 * UNIT_MS.d;

/** Parses `500ms`, `30s`, `45m`, `2h`, `7d`; null when it is not one. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match) {
    return null;
  }
  const amount = Number(match[1]);
  const unit = match[2] as keyof typeof UNIT_MS;
  const ms = Math.round(amount * UNIT_MS[unit]);

  return ms <= MAX_DURATION_MS ? ms : null;
}

const ISO_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A deadline is a duration from `now` or an ISO 8601 time with a zone.
 * Returns epoch milliseconds, or null when the text is neither.
 */
export function parseDueTime(text: string, now: number): number | null {
  const span = parseDuration(text);
  if (span !== null) {
    return now + span;
  }
  if (!ISO_TIME.test(text)) {
    return null;
  }
  const time = Date.parse(text);
  const tooFar = time > now + MAX_DURATION_MS;

  return Number.isNaN(time) || tooFar ? null : time;
}
