/** Summaries of timing samples, and the process's memory as it stands. */

export interface Summary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function summarize(samplesMs: readonly number[]): Summary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const total = sorted.reduce((sum, x) => sum + x, 0);

  return {
    count: sorted.length,
    meanMs: fixed(total / Math.max(1, sorted.length)),
    p50Ms: fixed(quantile(sorted, 0.5)),
    p99Ms: fixed(quantile(sorted, 0.99)),
    maxMs: fixed(sorted.at(-1) ?? 0),
  };
}

export function median(values: readonly number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** Nearest-rank quantile of sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) {
    return 0;
  }
  const rank = Math.ceil(q * sorted.length) - 1;

  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? 0;
}

export function fixed(value: number, digits = 4): number {
  return Number(value.toFixed(digits));
}

/** Milliseconds since `start`, from the monotonic clock. */
export function since(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export interface Memory {
  /** Peak resident set of the whole run so far. */
  maxRssMb: number;
  rssMb: number;
  heapUsedMb: number;
}

export function memory(): Memory {
  const mb = (bytes: number) => fixed(bytes / 1024 / 1024, 1);

  return {
    maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
    rssMb: mb(process.memoryUsage().rss),
    heapUsedMb: mb(process.memoryUsage().heapUsed),
  };
}

/**
 * The highest resident set seen by `sample()` since the last `take()`: the
 * peak of one phase, where `maxRSS` keeps the peak of the whole run.
 */
export function rssPeak() {
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };

  return {
    sample,
    takeMb(): number {
      sample();
      const mb = fixed(peak / 1024 / 1024, 1);
      peak = 0;

      return mb;
    },
  };
}
