import { config } from "@/server/config";

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets per caller, in this process: `DOCKET_RATE_LIMIT` requests
 * a second with bursts of twice that. Several instances each keep their
 * own, so the limit is per instance until buckets move to a shared store.
 */
const buckets = new Map<string, Bucket>();
const MAX_BUCKETS = 100_000;

/** Takes one token; returns 0, or how many ms to wait for the next one. */
export function takeToken(name: string, now: number): number {
  const rate = config().DOCKET_RATE_LIMIT;
  const burst = rate * 2;
  const bucket = buckets.get(name) ?? { tokens: burst, at: now };
  bucket.tokens = Math.min(
    burst,
    bucket.tokens + ((now - bucket.at) * rate) / 1000,
  );
  bucket.at = now;
  if (bucket.tokens < 1) {
    buckets.delete(name);
    buckets.set(name, bucket);

    return Math.ceil(((1 - bucket.tokens) * 1000) / rate);
  }
  bucket.tokens -= 1;
  // Re-inserted on each use, so the map's order is least recently used first.
  buckets.delete(name);
  if (buckets.size >= MAX_BUCKETS) {
    evict(now, rate, burst);
  }
  buckets.set(name, bucket);

  return 0;
}

/**
 * Makes room: a bucket that has filled up again says nothing a new one
 * would not, so those go first; if none has, the least recently used.
 * No caller's limit is reset while others' are kept.
 */
function evict(now: number, rate: number, burst: number): void {
  for (const [name, bucket] of buckets) {
    if (bucket.tokens + ((now - bucket.at) * rate) / 1000 >= burst) {
      buckets.delete(name);
    }
  }
  while (buckets.size >= MAX_BUCKETS * 0.9) {
    const oldest = buckets.keys().next().value;
    if (oldest === undefined) {
      break;
    }
    buckets.delete(oldest);
  }
}
