/**
 * Reads a subscription from a test: it starts listening at once (a stream
 * listens from its first read on) and hands out what it heard in order.
 */
export async function heard<T>(
  open: (signal: AbortSignal) => Promise<AsyncIterable<T>>,
) {
  const abort = new AbortController();
  const iterator = (await open(abort.signal))[Symbol.asyncIterator]();
  let pending = iterator.next();

  return {
    /** The next item heard; fails if the stream ended. */
    async next(): Promise<T> {
      const { value, done } = await pending;
      if (done) {
        throw new Error("the stream ended");
      }
      pending = iterator.next();

      return value;
    },
    async stop() {
      abort.abort();
      await iterator.return?.(undefined);
    },
  };
}
