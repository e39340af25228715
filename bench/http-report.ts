import type { ChatLatency } from "./http-chat";
import type { Load, LoadOptions } from "./http-load";
import { fixed, median } from "./stats";

export interface Runs {
  appWarn: Load[];
  bare: Load[];
  appInfo: Load[];
  /** Opening entries through the API on the app at warn, per round. */
  open: Load[];
}

/** Medians over the rounds of one server; errors and requests summed. */
export interface Medians {
  perSec: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  serverCpuUs: number;
  clientCpuUs: number;
  requests: number;
  errors: number;
  firstError: string | null;
  /** The shortest measured window: under the duration, the calls ran out. */
  minSeconds: number;
  rounds: number[];
}

export interface HttpFigures {
  connections: number;
  warmupSec: number;
  seconds: number;
  rounds: number;
  app: { warn: Medians; info: Medians };
  bare: Medians;
  /** App requests a second over the bare server's (target >= 0.5). */
  ratio: { warn: number; info: number };
  openEntries: Medians;
  /** Log lines the app at info writes per fragment post. */
  infoLogLinesPerRequest: number;
  /** Deciding fragment's commit to the answer on a connected chat. */
  chatLatency: ChatLatency | { error: string };
}

export function summarizeHttp(
  runs: Runs,
  options: LoadOptions & {
    rounds: number;
    logLines: number[];
    chat: ChatLatency | { error: string };
  },
): HttpFigures {
  const warn = medians(runs.appWarn);
  const info = medians(runs.appInfo);
  const bare = medians(runs.bare);

  return {
    connections: options.connections,
    warmupSec: options.warmupMs / 1000,
    seconds: options.durationMs / 1000,
    rounds: options.rounds,
    app: { warn, info },
    bare,
    ratio: {
      warn: fixed(warn.perSec / bare.perSec, 3),
      info: fixed(info.perSec / bare.perSec, 3),
    },
    openEntries: medians(runs.open),
    infoLogLinesPerRequest: fixed(median(options.logLines), 2),
    chatLatency: options.chat,
  };
}

function medians(loads: Load[]): Medians {
  const of = (pick: (load: Load) => number) => median(loads.map(pick));

  return {
    perSec: Math.round(of((l) => l.perSec)),
    p50Ms: fixed(
      of((l) => l.p50Ms),
      2,
    ),
    p99Ms: fixed(
      of((l) => l.p99Ms),
      2,
    ),
    meanMs: fixed(
      of((l) => l.meanMs),
      2,
    ),
    serverCpuUs: fixed(
      of((l) => l.serverCpuUs),
      0,
    ),
    clientCpuUs: fixed(
      of((l) => l.clientCpuUs),
      0,
    ),
    requests: loads.reduce((sum, l) => sum + l.count, 0),
    errors: loads.reduce((sum, l) => sum + l.errors, 0),
    firstError: loads.find((l) => l.firstError)?.firstError ?? null,
    minSeconds: Math.min(...loads.map((l) => l.seconds)),
    rounds: loads.map((l) => l.perSec),
  };
}

export function printHttp(figures: HttpFigures): void {
  const row = (name: string, m: Medians) =>
    `  ${name.padEnd(20)}${String(m.perSec).padStart(8)}` +
    `${m.p50Ms.toFixed(2).padStart(9)}${m.p99Ms.toFixed(2).padStart(9)}` +
    `${String(m.serverCpuUs).padStart(11)}${String(m.clientCpuUs).padStart(11)}` +
    `${String(m.errors).padStart(8)}`;
  console.log(
    `  ${"".padEnd(20)}   req/s   p50 ms   p99 ms  server us  client us` +
      "  errors",
  );
  console.log(row("app, LOG_LEVEL=warn", figures.app.warn));
  console.log(row("app, LOG_LEVEL=info", figures.app.info));
  console.log(row("bare node:http + SQL", figures.bare));
  console.log(row("open entry (warn)", figures.openEntries));
  console.log(
    `  ratio app/bare: warn ${figures.ratio.warn},` +
      ` info ${figures.ratio.info} (target >= 0.5)`,
  );
  console.log(
    `  (${figures.connections} connections, ${figures.warmupSec} s warm-up,` +
      ` ${figures.seconds} s measured, medians of ${figures.rounds};` +
      ` us = CPU per request; info writes` +
      ` ${figures.infoLogLinesPerRequest} log lines per post)`,
  );
  for (const [name, m] of [
    ["app (warn)", figures.app.warn],
    ["app (info)", figures.app.info],
    ["bare", figures.bare],
    ["open entry", figures.openEntries],
  ] as const) {
    if (m.errors > 0) {
      console.log(
        `  WARNING: ${name}: ${m.errors} bad answers: ${m.firstError}`,
      );
    }
  }
  const chat = figures.chatLatency;
  if ("error" in chat) {
    console.log(`  commit to chat answer: not measured: ${chat.error}`);
  } else {
    console.log(
      `  commit to chat answer: p50 ${chat.p50Ms.toFixed(1)} ms,` +
        ` p99 ${chat.p99Ms.toFixed(1)} ms, max ${chat.maxMs.toFixed(1)} ms` +
        ` over ${chat.count} answers` +
        `, ${chat.missed} missed (target p99 < 20 ms)`,
    );
  }
}
