import type { DocketClient } from "@/client";
import type { Logger } from "@/server/logger";

import { PieceQueue } from "./pieces";
import type { Work } from "./work";

/**
 * Reads the reasoning once, keeping the whole text and, with a `streamKey`,
 * streaming each piece to Docket as it comes. A failed stream is logged:
 * the verdict carries the text anyway.
 */
export async function streamReasoning(
  client: DocketClient,
  work: Work,
  pieces: AsyncIterable<string>,
  log: Logger,
): Promise<string> {
  const { entryId, streamKey } = work;
  const queue = streamKey ? new PieceQueue() : null;
  const streaming =
    queue && streamKey
      ? client.stream(entryId, streamKey, queue).then(
          (answer) => log.info({ streamKey, answer }, "policy.streamed"),
          (err: unknown) =>
            log.warn({ err, streamKey }, "policy.stream_failed"),
        )
      : null;
  let text = "";
  try {
    for await (const piece of pieces) {
      text += piece;
      queue?.push(piece);
    }
    queue?.end();
  } catch (error) {
    // Unfinished: the stream must not be marked done with part of the text.
    queue?.fail(error);
    throw error;
  } finally {
    await streaming;
  }

  return text;
}
