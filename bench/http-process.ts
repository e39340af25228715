import { spawn, execFileSync, type SpawnOptions } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import net from "node:net";
import type { Readable } from "node:stream";

/**
 * Servers under test run as process groups of their own, so that every
 * process a wrapper starts (npm, tsx, next-server) can be measured and
 * stopped together. A group still alive when the bench exits is killed.
 */
const live = new Set<number>();

function killAll(): void {
  for (const pgid of live) {
    signalGroup(pgid, "SIGKILL");
  }
}

let guarded = false;

function guard(): void {
  if (guarded) {
    return;
  }
  guarded = true;
  process.once("exit", killAll);
  process.once("SIGINT", () => {
    killAll();
    process.exit(130);
  });
}

export interface Group {
  pgid: number;
  /** The leader's output, when it was asked for as a pipe. */
  stdout: Readable | null;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts a command as the leader of a new process group. */
export function spawnGroup(
  command: string,
  args: string[],
  options: SpawnOptions,
): Group {
  guard();
  const child = spawn(command, args, { ...options, detached: true });
  const pgid = child.pid;
  if (pgid === undefined) {
    throw new Error(`could not start ${command}`);
  }
  live.add(pgid);
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", () => resolve(null));
  });

  return {
    pgid,
    stdout: child.stdout,
    exited,
    async stop() {
      signalGroup(pgid, "SIGTERM");
      const gone = await Promise.race([exited, delay(5_000)]);
      if (gone === undefined) {
        signalGroup(pgid, "SIGKILL");
        await exited;
      }
      // The leader may be gone before its children: make sure of them.
      signalGroup(pgid, "SIGKILL");
      live.delete(pgid);
    },
  };
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already gone.
  }
}

export function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}

/** A port nothing listens on at the moment, on loopback. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") {
    throw new Error("no port was assigned");
  }

  return address.port;
}

const TICK_MS = 1000 / clockTicks();

function clockTicks(): number {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString()) || 100;
  } catch {
    return 100;
  }
}

/** CPU time (user + system) used so far by the live processes of a group. */
export function groupCpuMs(pgid: number): number {
  let ticks = 0;
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) {
      continue;
    }
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue;
    }
    // After the command name: state, ppid, pgrp, ... utime (12th), stime.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === pgid) {
      ticks += Number(fields[11]) + Number(fields[12]);
    }
  }

  return ticks * TICK_MS;
}

/**
 * Waits until a group uses under a tenth of a core, so work it queued
 * after a round (deliveries, checkpoints) does not slow the next one.
 */
export async function waitIdle(pgid: number, maxMs = 30_000): Promise<void> {
  const giveUp = Date.now() + maxMs;
  let before = groupCpuMs(pgid);
  while (Date.now() < giveUp) {
    await delay(500);
    const now = groupCpuMs(pgid);
    if (now - before < 50) {
      return;
    }
    before = now;
  }
}
