/**
 * Runs `round` when woken (soon, and once however often it is asked
 * before), at times asked for, and at least every `pollMs` while started.
 * Rounds are synchronous, so two never overlap.
 */
export function createLoop(
  round: () => void,
  options: { pollMs: number; clock: () => number; onError(e: unknown): void },
) {
  const { clock, pollMs } = options;
  let running = false;
  let queued = false;
  let timer: NodeJS.Timeout | null = null;
  let timerAt = Infinity;

  function run(): void {
    queued = false;
    if (!running) {
      return;
    }
    try {
      round();
    } catch (error) {
      options.onError(error);
    }
    at(clock() + pollMs);
  }

  /** Asks for a round at `time` (or sooner, if one is due sooner). */
  function at(time: number): void {
    if (!running || time >= timerAt) {
      return;
    }
    if (timer) {
      clearTimeout(timer);
    }
    timerAt = time;
    timer = setTimeout(
      () => {
        timer = null;
        timerAt = Infinity;
        run();
      },
      Math.max(0, time - clock()),
    );
    timer.unref();
  }

  function wake(): void {
    if (!running || queued) {
      return;
    }
    queued = true;
    queueMicrotask(run);
  }

  return {
    at,
    wake,
    start(): void {
      running = true;
      wake();
    },
    stop(): void {
      running = false;
      if (timer) {
        clearTimeout(timer);
      }
      timer = null;
      timerAt = Infinity;
    },
  };
}
