import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { createBuilder, readTemplate } from "./build";
import { measureChatLatency, type ChatLatency } from "./http-chat";
import { drive, type Call, type Load, type LoadOptions } from "./http-load";
import { waitIdle } from "./http-process";
import { summarizeHttp, type HttpFigures, type Runs } from "./http-report";
import { startApp, startBare, type Server } from "./http-servers";
import { schedule } from "./ingest";
import { KEYS, entrySpec, okFragment, openBench } from "./setup";

const CONNECTIONS = 50;
const WARMUP_MS = 2_000;
/** Calls made ready per round: the expected rate for the round, and more. */
const MARGIN = 1.8;
const CHAT_ANSWERS = 200;

const BODIES = new Map<string, Buffer>(
  KEYS.map((key) => [key, Buffer.from(JSON.stringify(okFragment(key)))]),
);

export type Variant = "appWarn" | "bare" | "appInfo";

interface Side {
  server: Server;
  /** Requests a second expected, for sizing the next round. */
  guess: number;
  /** Opens `count` entries on this server and returns their ids. */
  open(count: number): Promise<string[]>;
  logFile?: string;
}

/**
 * Fragment posts over HTTP on loopback: the app as `npm start` runs it (at
 * log levels warn and info) against a bare node:http server writing the
 * same rows with raw statements. Each round gives every server fresh open
 * entries and the same client, concurrency and duration; rounds rotate
 * the order, and the figures are medians.
 */
export async function runHttp(dir: string): Promise<HttpFigures> {
  const rounds = Number(process.env.BENCH_HTTP_ROUNDS ?? 3);
  const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
  const apiKey = `dk_bench_${randomBytes(12).toString("hex")}`;
  const options: LoadOptions = {
    connections: CONNECTIONS,
    warmupMs: WARMUP_MS,
    durationMs: seconds * 1000,
    apiKey,
  };
  const runs: Runs = { appWarn: [], bare: [], appInfo: [], open: [] };
  const logLines: number[] = [];
  const sides: Sides = {};
  let chat: ChatLatency | { error: string } = { error: "not measured" };
  const bench = openBench(path.join(dir, "bare.sqlite"));
  try {
    await startSides(sides, dir, options, runs);
    const builder = createBuilder(bench.db.$client, await readTemplate(bench), {
      firstDueAt: Date.now() + 3_600_000,
      dueSpacingMs: 1,
    });
    sides.bare = {
      server: await startBare(path.join(dir, "bare.sqlite")),
      guess: 3_000,
      open: async (count) => builder.add(count),
    };
    const order: Variant[] = ["appWarn", "bare", "appInfo"];
    for (let round = 0; round < rounds; round++) {
      const turn = [...order.slice(round % 3), ...order.slice(0, round % 3)];
      const line: string[] = [];
      for (const variant of turn) {
        const load = await runOne(sides, variant, options, logLines);
        runs[variant].push(load);
        line.push(`${sides[variant]?.server.name} ${load.perSec}/s`);
      }
      console.log(`  round ${round + 1}: ${line.join(", ")}`);
    }
    if (sides.appWarn) {
      chat = await chatLatency(sides.appWarn.server, dir, apiKey);
    }
  } finally {
    await Promise.all(
      Object.values(sides).map((side) => side.server.group.stop()),
    );
    bench.db.$client.close();
  }

  return summarizeHttp(runs, { ...options, rounds, logLines, chat });
}

type Sides = Partial<Record<Variant, Side>>;

/** The app twice, at log levels warn and info, each on its own data. */
async function startSides(
  sides: Sides,
  dir: string,
  options: LoadOptions,
  runs: Runs,
): Promise<void> {
  for (const level of ["warn", "info"] as const) {
    const dataDir = path.join(dir, `app-${level}`);
    const apiKey = options.apiKey;
    const server = await startApp({ dataDir, apiKey, logLevel: level });
    sides[level === "warn" ? "appWarn" : "appInfo"] = {
      server,
      guess: 3_000,
      logFile: `${dataDir}.log`,
      open: (count) => openThroughApi(server, count, options, runs),
    };
    console.log(`  ${server.name} listening on 127.0.0.1:${server.port}`);
  }
}

/**
 * One server's turn: fresh open entries for the expected rate, every
 * server idle, then the load. The next turn is sized from this one.
 */
async function runOne(
  sides: Sides,
  variant: Variant,
  options: LoadOptions,
  logLines: number[],
): Promise<Load> {
  const side = sides[variant];
  if (!side) {
    throw new Error(`${variant} did not start`);
  }
  const seconds = options.durationMs / 1000;
  const want = side.guess * (options.warmupMs / 1000 + seconds) * MARGIN;
  const calls = fragmentCalls(await side.open(Math.ceil(want / KEYS.length)));
  for (const other of Object.values(sides)) {
    await waitIdle(other.server.group.pgid);
  }
  const linesBefore = countLines(side.logFile);
  const load = await drive(side.server, calls, options, 200, accepted);
  await waitIdle(side.server.group.pgid);
  if (variant === "appInfo") {
    logLines.push((countLines(side.logFile) - linesBefore) / load.sent);
  }
  const ranOut = load.seconds < seconds * 0.99;
  side.guess = Math.max(side.guess, load.perSec * (ranOut ? 2 : 1));

  return load;
}

/** Commit-to-chat latency on the app at warn; a failure is reported. */
async function chatLatency(
  server: Server,
  dir: string,
  apiKey: string,
): Promise<ChatLatency | { error: string }> {
  const dataDir = path.join(dir, "app-warn");
  try {
    return await measureChatLatency(server, dataDir, apiKey, CHAT_ANSWERS);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Opens entries through POST /api/v1/entries; their timing is kept. */
async function openThroughApi(
  server: Server,
  count: number,
  options: LoadOptions,
  runs: Runs,
): Promise<string[]> {
  const calls: Call[] = [];
  for (let i = 0; i < count; i++) {
    const body = JSON.stringify(entrySpec(i));
    calls.push({ path: "/api/v1/entries", body: Buffer.from(body) });
  }
  const ids: string[] = [];
  const load = await drive(
    server,
    calls,
    { ...options, warmupMs: 0, durationMs: Infinity },
    201,
    (text, index) => {
      const id = (JSON.parse(text) as { id?: unknown }).id;
      if (typeof id === "string") {
        ids[index] = id;
      }

      return typeof id === "string";
    },
  );
  if (server.name === "app (warn)") {
    runs.open.push(load);
  }

  return ids.filter(Boolean);
}

/** Every key of every entry, a quarter of them closing their entry. */
function fragmentCalls(ids: string[]): Call[] {
  const calls: Call[] = [];
  for (const [id, key] of schedule(ids)) {
    const body = BODIES.get(key);
    if (body) {
      calls.push({ path: `/api/v1/entries/${id}/fragments`, body });
    }
  }

  return calls;
}

function accepted(text: string): boolean {
  const answer = JSON.parse(text) as { disposition?: unknown };

  return answer.disposition === "accepted";
}

function countLines(file: string | undefined): number {
  if (!file) {
    return 0;
  }
  const text = fs.readFileSync(file);
  let lines = 0;
  for (let at = text.indexOf(10); at >= 0; at = text.indexOf(10, at + 1)) {
    lines += 1;
  }

  return lines;
}
