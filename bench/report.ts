import type { IngestFigures } from "./ingest";
import type { SizeFigures } from "./scale";
import { fixed } from "./stats";

/** Largest size over smallest, for the figures that should stay flat. */
export function flatness(scale: Record<string, SizeFigures>) {
  const sizes = Object.keys(scale).map(Number);
  const small = scale[Math.min(...sizes)];
  const large = scale[Math.max(...sizes)];
  if (!small || !large) {
    return null;
  }
  const ratio = (a: number, b: number) => fixed(a / b, 2);

  return {
    of: `${Math.max(...sizes)}/${Math.min(...sizes)}`,
    fragmentMean: ratio(large.fragment.meanMs, small.fragment.meanMs),
    fragmentP50: ratio(large.fragment.p50Ms, small.fragment.p50Ms),
    fragmentP99: ratio(large.fragment.p99Ms, small.fragment.p99Ms),
    fragmentCpu: ratio(large.fragment.cpuUs, small.fragment.cpuUs),
    dueTimersMean: ratio(large.dueTimers.meanMs, small.dueTimers.meanMs),
    dueTimersP50: ratio(large.dueTimers.p50Ms, small.dueTimers.p50Ms),
    dueTimersFullP50: ratio(
      large.dueTimersFull.p50Ms,
      small.dueTimersFull.p50Ms,
    ),
    nextDueAtMean: ratio(large.nextDueAt.meanMs, small.nextDueAt.meanMs),
    nextDueAtP50: ratio(large.nextDueAt.p50Ms, small.nextDueAt.p50Ms),
    maxRss: ratio(large.memory.maxRssMb, small.memory.maxRssMb),
    measuringRssPeak: ratio(
      large.memory.measuringRssPeakMb,
      small.memory.measuringRssPeakMb,
    ),
    heapUsed: ratio(large.memory.heapUsedMb, small.memory.heapUsedMb),
  };
}

export function printIngest(figures: IngestFigures): void {
  const rows = figures.rowsPerFragment;
  const cpu = figures.cpuUsPerFragment;
  console.log(
    `  median: registry ${figures.registryPerSec}/s,` +
      ` raw ${figures.rawPerSec}/s, ratio ${figures.ratio} (target >= 0.5)`,
  );
  console.log(
    `  CPU per fragment: registry ${cpu.registry} us, raw ${cpu.raw} us,` +
      ` raw/registry ${cpu.ratio}`,
  );
  console.log(
    `  rows per fragment, registry: ${JSON.stringify(rows.registry)}`,
  );
  console.log(`  rows per fragment, raw:      ${JSON.stringify(rows.raw)}`);
  if (!rows.same) {
    console.log("  WARNING: the baseline does not write the same rows");
  }
}

export function printScale(scale: Record<string, SizeFigures>): void {
  const ms = (x: number) => x.toFixed(3).padStart(8);
  console.log(
    "  entries   | fragment mean   p50      p99  cpu us " +
      "| dueTimers mean  p99  | full mean | nextDueAt mean  p99 " +
      "| lag p50  p99   max  | maxRSS  RSS* heap MB",
  );
  for (const [size, f] of Object.entries(scale)) {
    console.log(
      `  ${size.padStart(9)} |` +
        `${ms(f.fragment.meanMs)}${ms(f.fragment.p50Ms)}` +
        `${ms(f.fragment.p99Ms)}${f.fragment.cpuUs.toFixed(0).padStart(6)} |` +
        `${ms(f.dueTimers.meanMs)}${ms(f.dueTimers.p99Ms)} |` +
        `${ms(f.dueTimersFull.meanMs)} |` +
        `${ms(f.nextDueAt.meanMs)}${ms(f.nextDueAt.p99Ms)} |` +
        `${lag(f.deadlineLag.p50Ms)}${lag(f.deadlineLag.p99Ms)}` +
        `${lag(f.deadlineLag.maxMs)} |` +
        `${String(f.memory.maxRssMb).padStart(8)}` +
        `${String(f.memory.measuringRssPeakMb).padStart(7)}` +
        `${String(f.memory.heapUsedMb).padStart(6)}`,
    );
  }
}

export function printScaleNotes(): void {
  console.log(
    "  (ms; maxRSS is the run's peak so far, build included; RSS* the peak" +
      " while measuring at that size)",
  );
}

function lag(x: number): string {
  return x.toFixed(0).padStart(6);
}
