import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import readline from "node:readline";

import { delay, freePort, spawnGroup, type Group } from "./http-process";

const ROOT = path.resolve(import.meta.dirname, "..");
const ATTEMPTS = 6;
/** Long enough for `npm start` to build a stale tree first. */
const START_TIMEOUT_MS = 300_000;
const RETRY_AFTER_MS = 30_000;

export interface Server {
  name: string;
  port: number;
  group: Group;
}

export interface AppOptions {
  dataDir: string;
  apiKey: string;
  logLevel: "warn" | "info";
}

/**
 * Starts the app as `npm start` does for an operator, on a free loopback
 * port with an empty database, and waits until /api/health answers. A
 * start that fails (a build running beside it in the same tree, say) is
 * retried after a pause; its log is kept beside the data folder.
 */
export async function startApp(options: AppOptions): Promise<Server> {
  const name = `app (${options.logLevel})`;
  const logFile = `${options.dataDir}.log`;
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const log = fs.openSync(logFile, "w");
    const group = spawnGroup("npm", ["start"], {
      cwd: ROOT,
      stdio: ["ignore", log, log],
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        DOCKET_DATA_DIR: options.dataDir,
        DOCKET_BOOTSTRAP_API_KEY: options.apiKey,
        DOCKET_SEED: "none",
        DOCKET_RATE_LIMIT: "1000000",
        LOG_LEVEL: options.logLevel,
      },
    });
    fs.closeSync(log);
    let exited = false;
    void group.exited.then(() => {
      exited = true;
    });
    const giveUp = Date.now() + START_TIMEOUT_MS;
    const healthy = await waitHealthy(
      port,
      () => exited || Date.now() > giveUp,
    );
    if (healthy) {
      return { name, port, group };
    }
    await group.stop();
    const tail = fs.readFileSync(logFile, "utf8").split("\n").slice(-15);
    console.log(`  ${name} did not start (attempt ${attempt}):`);
    console.log(tail.map((line) => `    | ${line}`).join("\n"));
    if (attempt === ATTEMPTS) {
      throw new Error(`${name} did not start; its log ends above`);
    }
    await delay(RETRY_AFTER_MS);
  }
}

async function waitHealthy(
  port: number,
  over: () => boolean,
): Promise<boolean> {
  while (!over()) {
    if ((await health(port)) === 200) {
      return true;
    }
    await delay(250);
  }

  return false;
}

function health(port: number): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get(
      { host: "127.0.0.1", port, path: "/api/health", agent: false },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on("error", () => resolve(0));
    request.setTimeout(5_000, () => request.destroy());
  });
}

/**
 * Starts the baseline server of http-bare.ts on the given database file
 * and reads the port it announces.
 */
export async function startBare(file: string): Promise<Server> {
  const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
  const group = spawnGroup(tsx, [path.join(ROOT, "bench", "http-bare.ts")], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, BENCH_BARE_DB: file },
  });
  const stdout = group.stdout;
  if (!stdout) {
    throw new Error("the bare server has no output to read its port from");
  }
  const lines = readline.createInterface({ input: stdout });
  const first = await Promise.race([
    new Promise<string>((resolve) => lines.once("line", resolve)),
    group.exited.then(() => null),
  ]);
  lines.close();
  stdout.resume();
  const port = first ? (JSON.parse(first) as { port?: number }).port : null;
  if (!port) {
    await group.stop();
    throw new Error("the bare server did not start");
  }

  return { name: "bare", port, group };
}
