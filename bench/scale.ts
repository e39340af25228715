import path from "node:path";

import type Database from "better-sqlite3";

import type { Registry } from "@/server/registry/registry";

import { createBuilder, readTemplate } from "./build";
import { measureDeadlineLag, type DeadlineLag } from "./deadlines";
import { KEYS, actor, okFragment, openBench } from "./setup";
import {
  fixed,
  memory,
  rssPeak,
  since,
  summarize,
  type Memory,
  type Summary,
} from "./stats";

const SAMPLED_ENTRIES = 1_000;
const WARMUP_ENTRIES = 100;
const QUERY_SAMPLES = 3_000;

/** Resident set while measuring, sampled every 100 operations. */
const rss = rssPeak();

export interface SizeFigures {
  buildSec: number;
  /** One fragment through the registry; a quarter of them close. */
  fragment: Summary & { cpuUs: number };
  /** `dueTimers(now, 100)`: nothing is due yet, as most of the time. */
  dueTimers: Summary;
  /** `dueTimers(later, 100)` with a full batch of 100 due. */
  dueTimersFull: Summary;
  nextDueAt: Summary;
  deadlineLag: DeadlineLag;
  /** At the end of the step; `maxRSS` is the run's peak, build included. */
  memory: Memory & { measuringRssPeakMb: number };
}

/**
 * Grows one file of open entries through the given sizes and measures, at
 * each, a fragment's cost, the due-deadline queries, deadline precision
 * with the scheduler running, and the process's memory.
 */
export async function runScale(dir: string, sizes: number[]) {
  const bench = openBench(path.join(dir, "scale.sqlite"));
  const sqlite = bench.db.$client;
  const builder = createBuilder(sqlite, await readTemplate(bench), {
    firstDueAt: Date.now() + 3_600_000,
    dueSpacingMs: 500,
  });
  const figures: Record<string, SizeFigures> = {};
  for (const size of sizes) {
    const start = process.hrtime.bigint();
    builder.growTo(size);
    const buildSec = fixed(since(start) / 1000, 1);
    console.log(`  ${size} open entries built in ${buildSec} s`);
    const sampled = Math.min(SAMPLED_ENTRIES, Math.floor(size / 4));
    await sampleFragments(bench.registry, sqlite, WARMUP_ENTRIES);
    rss.takeMb();
    figures[size] = {
      buildSec,
      fragment: await sampleFragments(bench.registry, sqlite, sampled),
      ...(await sampleDueQueries(bench.registry)),
      deadlineLag: await measureDeadlineLag(bench.registry),
      memory: { ...memory(), measuringRssPeakMb: rss.takeMb() },
    };
  }
  await bench.registry.store.close();

  return figures;
}

/**
 * Posts every key to `entries` random open entries, key by key across all
 * of them, timing each `recordFragment`.
 */
async function sampleFragments(
  registry: Registry,
  sqlite: Database.Database,
  entries: number,
): Promise<Summary & { cpuUs: number }> {
  const ids = pickOpenEntries(sqlite, entries);
  const samples: number[] = [];
  const cpu = process.cpuUsage();
  for (const key of KEYS) {
    for (const id of ids) {
      const input = okFragment(key);
      const start = process.hrtime.bigint();
      await registry.recordFragment(id, input, actor);
      samples.push(since(start));
      if (samples.length % 100 === 0) {
        rss.sample();
      }
    }
  }
  const used = process.cpuUsage(cpu);
  const cpuUs = (used.user + used.system) / samples.length;

  return { ...summarize(samples), cpuUs: fixed(cpuUs, 1) };
}

/** Random untouched open entries, found by rowid: nothing kept per entry. */
function pickOpenEntries(sqlite: Database.Database, count: number): string[] {
  const top = sqlite.prepare("select max(rowid) from entries").pluck().get();
  const byRowid = sqlite
    .prepare("select id from entries where rowid = ? and state = 'open'")
    .pluck();
  const picked = new Set<string>();
  while (picked.size < count) {
    const rowid = 1 + Math.floor(Math.random() * Number(top));
    const id = byRowid.get(rowid) as string | undefined;
    if (id) {
      picked.add(id);
    }
  }

  return [...picked];
}

async function sampleDueQueries(registry: Registry) {
  const store = registry.store;
  const later = Date.now() + 30 * 86_400_000;
  const full = await store.dueTimers(later, 100);
  if (full.length !== 100) {
    throw new Error(`expected 100 due timers later, got ${full.length}`);
  }

  return {
    dueTimers: await time(() => store.dueTimers(Date.now(), 100)),
    dueTimersFull: await time(() => store.dueTimers(later, 100)),
    nextDueAt: await time(() => store.nextDueAt()),
  };
}

async function time(query: () => Promise<unknown>): Promise<Summary> {
  const samples: number[] = [];
  for (let i = 0; i < QUERY_SAMPLES; i++) {
    const start = process.hrtime.bigint();
    await query();
    samples.push(since(start));
    if (i % 100 === 0) {
      rss.sample();
    }
  }

  return summarize(samples);
}
