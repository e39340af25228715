import path from "node:path";

import { createBuilder, readTemplate } from "./build";
import { createRawWriter } from "./raw";
import { countRows, perFragment, sameRows, type RowCounts } from "./rows";
import { KEYS, actor, okFragment, openBench } from "./setup";
import { fixed, median, since } from "./stats";

const WARMUP_ENTRIES = 1_000;
const ENTRIES_PER_ROUND = 1_500;
const ROUNDS = 5;
const BLOCK = 64;

type Post = (entryId: string, key: string) => Promise<unknown> | void;

interface Measured {
  perSec: number;
  /** CPU time (user + system) per fragment, in microseconds. */
  cpuUs: number;
  rows: RowCounts;
}

export interface IngestFigures {
  registryPerSec: number;
  rawPerSec: number;
  ratio: number;
  /** CPU per fragment: what the rates would be were the disk free. */
  cpuUsPerFragment: { registry: number; raw: number; ratio: number };
  rounds: { registryPerSec: number; rawPerSec: number }[];
  rowsPerFragment: { registry: RowCounts; raw: RowCounts; same: boolean };
}

/**
 * Fragments per second through `registry.recordFragment` against the same
 * rows written by hand, in alternating rounds on one file; medians.
 */
export async function runIngest(dir: string): Promise<IngestFigures> {
  const bench = openBench(path.join(dir, "ingest.sqlite"));
  const sqlite = bench.db.$client;
  const builder = createBuilder(sqlite, await readTemplate(bench), {
    firstDueAt: Date.now() + 3_600_000,
    dueSpacingMs: 1,
  });
  const writeRaw = createRawWriter(sqlite);
  const ways: Record<"registry" | "raw", Post> = {
    registry: (id, key) =>
      bench.registry.recordFragment(id, okFragment(key), actor),
    raw: (id, key) => {
      writeRaw(id, okFragment(key));
    },
  };
  const run = (way: keyof typeof ways, entries: number) =>
    measure(sqlite, builder.add(entries), ways[way]);

  await run("registry", WARMUP_ENTRIES);
  await run("raw", WARMUP_ENTRIES);
  const rounds: { registry: Measured; raw: Measured }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const first = round % 2 === 0 ? "registry" : "raw";
    const second = first === "registry" ? "raw" : "registry";
    const a = await run(first, ENTRIES_PER_ROUND);
    const b = await run(second, ENTRIES_PER_ROUND);
    const done =
      first === "registry" ? { registry: a, raw: b } : { registry: b, raw: a };
    rounds.push(done);
    console.log(
      `  round ${round + 1}: registry ${done.registry.perSec.toFixed(0)}/s,` +
        ` raw ${done.raw.perSec.toFixed(0)}/s`,
    );
  }
  await bench.registry.store.close();

  return summarizeRounds(rounds);
}

function summarizeRounds(
  rounds: { registry: Measured; raw: Measured }[],
): IngestFigures {
  const registryPerSec = median(rounds.map((r) => r.registry.perSec));
  const rawPerSec = median(rounds.map((r) => r.raw.perSec));
  const registryCpu = median(rounds.map((r) => r.registry.cpuUs));
  const rawCpu = median(rounds.map((r) => r.raw.cpuUs));
  const last = rounds.at(-1);
  if (!last) {
    throw new Error("no rounds were measured");
  }

  return {
    registryPerSec: Math.round(registryPerSec),
    rawPerSec: Math.round(rawPerSec),
    ratio: fixed(registryPerSec / rawPerSec, 3),
    cpuUsPerFragment: {
      registry: fixed(registryCpu, 1),
      raw: fixed(rawCpu, 1),
      ratio: fixed(rawCpu / registryCpu, 3),
    },
    rounds: rounds.map((r) => ({
      registryPerSec: Math.round(r.registry.perSec),
      rawPerSec: Math.round(r.raw.perSec),
    })),
    rowsPerFragment: {
      registry: last.registry.rows,
      raw: last.raw.rows,
      same: sameRows(last.registry.rows, last.raw.rows),
    },
  };
}

async function measure(
  sqlite: Parameters<typeof countRows>[0],
  ids: string[],
  post: Post,
): Promise<Measured> {
  const before = countRows(sqlite);
  let fragments = 0;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (const [id, key] of schedule(ids)) {
    const pending = post(id, key);
    if (pending) {
      await pending;
    }
    fragments += 1;
  }
  const ms = since(start);
  const used = process.cpuUsage(cpu);

  return {
    perSec: fragments / (ms / 1000),
    cpuUs: (used.user + used.system) / fragments,
    rows: perFragment(before, countRows(sqlite), fragments),
  };
}

/**
 * Blocks of entries take one key each in turn, so every fourth fragment
 * closes its entry and the closing ones are spread through the run.
 */
export function* schedule(ids: string[]): Generator<[string, string]> {
  for (let start = 0; start < ids.length; start += BLOCK) {
    const block = ids.slice(start, start + BLOCK);
    for (const key of KEYS) {
      for (const id of block) {
        yield [id, key];
      }
    }
  }
}
