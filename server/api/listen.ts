/**
 * Turns a listener-style source into an async stream for a subscription:
 * what arrives while the consumer is busy waits in a queue, and the
 * stream ends, and `off` runs, once the signal aborts.
 */
export async function* listen<T>(
  subscribe: (push: (item: T) => void) => () => void,
  signal: AbortSignal | undefined,
): AsyncGenerator<T> {
  const queue: T[] = [];
  let wake: (() => void) | null = null;
  const off = subscribe((item) => {
    queue.push(item);
    wake?.();
  });
  // One listener for the stream's life, not one per wait.
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    while (!signal?.aborted) {
      const next = queue.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    off();
  }
}
