import path from "node:path";

import { actor, openBench } from "./setup";
import { fixed, since } from "./stats";

const BATCHES = 4;
const CHUNKS_PER_BATCH = 2_000;
const DELTA = "x".repeat(100);

export interface StreamFigures {
  /** Milliseconds for each batch of chunks into one stream, in order. */
  batchMs: number[];
  /** The last batch's time over the first's: about 1 when cost is flat. */
  lastOverFirst: number;
}

/**
 * One stream fed chunk by chunk through `registry.recordChunk`, in equal
 * batches: a later batch costs what the first did when a chunk's cost does
 * not grow with the chunks already stored.
 */
export async function runStreams(dir: string): Promise<StreamFigures> {
  const bench = openBench(path.join(dir, "streams.sqlite"));
  const { registry } = bench;
  const { id } = await registry.openEntry({
    requester: "bench@example.com",
    question: "A long streamed answer",
    expect: [{ key: "draft", kind: "llm" }],
  });
  const batchMs: number[] = [];
  let seq = 0;
  for (let batch = 0; batch < BATCHES; batch++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < CHUNKS_PER_BATCH; i++) {
      const done = batch === BATCHES - 1 && i === CHUNKS_PER_BATCH - 1;
      await registry.recordChunk(
        id,
        "draft",
        { seq, delta: DELTA, done },
        actor,
      );
      seq += 1;
    }
    batchMs.push(Math.round(since(start)));
  }
  await registry.store.close();
  const first = batchMs[0] ?? 1;

  return {
    batchMs,
    lastOverFirst: fixed((batchMs.at(-1) ?? first) / first, 2),
  };
}
