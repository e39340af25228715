import type { Registry } from "./registry";

export interface SchedulerOptions {
  registry: Registry;
  /** Longest sleep, so timers added by another process are seen. */
  pollMs?: number;
  batch?: number;
  clock?: () => number;
  onError?: (error: unknown) => void;
}

/**
 * Fires due deadlines and timeouts from the timers index: each wake asks
 * for the next few due rows (an index seek, whatever the number of open
 * entries), fires them, and sleeps until the next due time. Nothing per
 * entry is kept in memory; overdue timers fire on the first wake.
 */
export function createScheduler(options: SchedulerOptions) {
  const { registry } = options;
  const pollMs = options.pollMs ?? 1000;
  const batch = options.batch ?? 100;
  const clock = options.clock ?? Date.now;
  let timer: NodeJS.Timeout | null = null;
  let wakeAt = Infinity;
  let running = false;
  let ticking: Promise<void> | null = null;

  const schedule = (at: number) => {
    if (!running || at >= wakeAt) {
      return;
    }
    if (timer) {
      clearTimeout(timer);
    }
    wakeAt = at;
    timer = setTimeout(() => void tick(), Math.max(0, at - clock()));
  };

  const onDue = (dueAt: number) => schedule(dueAt);

  async function tick(): Promise<void> {
    if (ticking) {
      return ticking;
    }
    timer = null;
    wakeAt = Infinity;
    ticking = fireDue()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        ticking = null;
      });
    await ticking;
    if (!running) {
      return;
    }
    const next = await registry.store.nextDueAt();
    schedule(Math.min(next ?? Infinity, clock() + pollMs));
  }

  async function fireDue(): Promise<void> {
    for (;;) {
      const due = await registry.store.dueTimers(clock(), batch);
      for (const t of due) {
        try {
          await registry.fireTimer(t);
        } catch (error) {
          options.onError?.(error);
        }
      }
      if (due.length < batch) {
        return;
      }
    }
  }

  return {
    start(): void {
      if (running) {
        return;
      }
      running = true;
      registry.events.on("due", onDue);
      schedule(clock());
    },
    async stop(): Promise<void> {
      running = false;
      registry.events.off("due", onDue);
      if (timer) {
        clearTimeout(timer);
      }
      timer = null;
      wakeAt = Infinity;
      await ticking;
    },
    /** Fires everything due now; for callers that drive time themselves. */
    tick,
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
