import { monitorEventLoopDelay } from "node:perf_hooks";

import type { Registry } from "@/server/registry/registry";
import { createScheduler } from "@/server/registry/scheduler";
import type { TimelineEvent } from "@/server/registry/types";

import { entrySpec } from "./setup";
import { summarize, type Summary } from "./stats";

const FIRST_DUE_MS = 300;
const SPREAD_MS = 500;
const GIVE_UP_MS = 30_000;

export interface DeadlineLag extends Summary {
  /** Entries whose deadline closed them before the bench gave up. */
  closed: number;
  /** How long the event loop was held up meanwhile (p99, max): a timer
   * cannot fire while a write, or its checkpoint, holds the thread. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

/**
 * Opens `count` entries due 300–800 ms ahead on a registry whose scheduler
 * runs, waits until each one closed, and summarizes how late the deadlines
 * fired (`lagMs` of `deadline.fired`: fire time minus due time).
 */
export async function measureDeadlineLag(
  registry: Registry,
  count = 300,
): Promise<DeadlineLag> {
  const scheduler = createScheduler({
    registry,
    onError: (error) => console.error("scheduler:", error),
  });
  const waiting = new Set<string>();
  const lags: number[] = [];
  let closed = 0;
  let opened = false;
  let finish = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const listen = (event: TimelineEvent) => {
    if (!waiting.has(event.entryId)) {
      return;
    }
    if (event.type === "deadline.fired") {
      lags.push(Number(event.data.lagMs));
    } else if (event.type === "entry.closed") {
      waiting.delete(event.entryId);
      closed += 1;
      if (opened && waiting.size === 0) {
        finish();
      }
    }
  };
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  registry.events.on("timeline", listen);
  scheduler.start();

  for (let i = 0; i < count; i++) {
    const dueIn = FIRST_DUE_MS + Math.floor((i * SPREAD_MS) / count);
    const { id } = await registry.openEntry(entrySpec(i, `${dueIn}ms`));
    waiting.add(id);
    if (i % 10 === 9) {
      // Let the scheduler fire between opens, as it would in a server.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  opened = true;
  if (waiting.size === 0) {
    finish();
  }
  const giveUp = setTimeout(finish, GIVE_UP_MS);
  await finished;
  clearTimeout(giveUp);
  registry.events.off("timeline", listen);
  await scheduler.stop();
  loop.disable();
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;

  return {
    ...summarize(lags),
    closed,
    loopDelayP99Ms: ms(loop.percentile(99)),
    loopDelayMaxMs: ms(loop.max),
  };
}
