import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { runHttp } from "./http";
import { printHttp, type HttpFigures } from "./http-report";
import { runIngest, type IngestFigures } from "./ingest";
import { flatness, printIngest, printScale, printScaleNotes } from "./report";
import { runScale, type SizeFigures } from "./scale";
import { memory } from "./stats";
import { runStreams } from "./streams";

/**
 * The benchmark: fragment ingest against raw SQL, chunks into one stream,
 * cost at scale, deadline precision and memory, each on its own SQLite file
 * in a temporary folder, then fragment posts over HTTP to the running app
 * against a bare server.
 * Human-readable lines first; the last line is all the figures as JSON.
 * BENCH_SKIP_HTTP=1 leaves out the HTTP part, BENCH_ONLY_HTTP=1 runs only it.
 */

const SIZES = [10_000, 100_000, 1_000_000];

/** BENCH_MAX_ENTRIES caps the scale steps, for a quick run. */
function scaleSizes(): number[] {
  const max = Number(process.env.BENCH_MAX_ENTRIES ?? 1_000_000);
  if (!Number.isInteger(max) || max < 1_000) {
    throw new Error("BENCH_MAX_ENTRIES must be an integer of at least 1000");
  }
  const sizes = SIZES.filter((size) => size <= max);

  return sizes.length > 0 ? sizes : [max];
}

async function main() {
  const skipHttp = process.env.BENCH_SKIP_HTTP === "1";
  const onlyHttp = process.env.BENCH_ONLY_HTTP === "1";
  const sizes = scaleSizes();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docket-bench-"));
  const started = Date.now();
  const atStart = memory();
  try {
    const inProcess = onlyHttp ? {} : await runInProcess(dir, sizes, atStart);
    let http: HttpFigures | undefined;
    if (!skipHttp) {
      console.log(
        "5. fragment posts over HTTP: the app against bare node:http",
      );
      http = await runHttp(dir);
      printHttp(http);
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(`done in ${seconds} s`);
    console.log(JSON.stringify({ ...inProcess, http, seconds }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function runInProcess(
  dir: string,
  sizes: number[],
  atStart: ReturnType<typeof memory>,
) {
  console.log("1. fragment ingest in process: registry vs raw statements");
  const ingest: IngestFigures = await runIngest(dir);
  printIngest(ingest);

  console.log("1b. chunks into one stream, in batches of 2,000");
  const streams = await runStreams(dir);
  console.log(
    `  ms per batch: ${streams.batchMs.join(", ")};` +
      ` last/first ${streams.lastOverFirst} (flat: about 1)`,
  );

  console.log(`2-4. scale, deadlines, memory at ${sizes.join(", ")} entries`);
  const scale: Record<string, SizeFigures> = await runScale(dir, sizes);
  printScale(scale);
  printScaleNotes();
  const ratios = flatness(scale);
  console.log(`  largest/smallest: ${JSON.stringify(ratios)}`);

  const largest = scale[Math.max(...sizes)];

  return {
    ingest,
    streams,
    scale: { ...scale, ratios },
    deadlineLagMs: { atEntries: Math.max(...sizes), ...largest?.deadlineLag },
    memory: {
      atStart,
      ...Object.fromEntries(
        Object.entries(scale).map(([size, f]) => [size, f.memory]),
      ),
    },
  };
}

await main();
