import { keySchema } from "@/server/registry/schemas";

import { chunkMediaTypes } from "./contract";
import { entryId } from "./entries";
import {
  authenticate,
  checkMediaType,
  clientGone,
  HttpError,
  json,
  mediaTypeOf,
  paced,
  parseJson,
  PartialError,
  readJson,
  type ApiRequest,
  type ApiResponse,
  type RequestContext,
} from "./http";
import type { ChunkResult } from "@/server/registry/record-chunk";

const NDJSON = /^application\/(x-)?ndjson$/;

/**
 * POST /api/v1/entries/{id}/fragments/{key}/chunks — one chunk as JSON, or
 * a participant holding the connection sends an NDJSON body, one chunk a
 * line; each is recorded as its line arrives, so listeners see it at once.
 * A bad line ends the request; the lines before it stay recorded, and the
 * error's details say how many (`recorded`) and which line failed.
 */
export async function postChunks(ctx: RequestContext): Promise<ApiResponse> {
  const apiKey = authenticate(ctx);
  const id = entryId(ctx);
  const key = keySchema.safeParse(ctx.params.key);
  if (!key.success) {
    throw new HttpError(404, "not_found", "no such expectation", {
      key: ctx.params.key,
    });
  }
  const actor = { type: "api_key" as const, keyId: apiKey.id };
  const record = (chunk: unknown) =>
    ctx.runtime.registry.recordChunk(id, key.data, chunk, actor);

  checkMediaType(ctx.request, chunkMediaTypes);
  if (!NDJSON.test(mediaTypeOf(ctx.request))) {
    const result = await record(await readJson(ctx.request));

    return json(chunkView(result));
  }
  // Each line after the first takes its share of the key's rate, as a
  // request would; a stream going faster is slowed, not refused.
  const results = await readLines(ctx.request, async (line, n) => {
    if (n > 1) {
      await paced(`key:${apiKey.id}`);
    }

    return record(parseJson(line, `line ${n}`));
  });
  const last = results.at(-1);
  ctx.log.debug(
    { entryId: id, fragmentKey: key.data, chunks: results.length },
    "chunks.stream",
  );

  return json({
    chunks: results.length,
    complete: results.some((r) => r.disposition === "complete"),
    last: last ? chunkView(last) : null,
  });
}

function chunkView(result: ChunkResult) {
  return {
    disposition: result.disposition,
    fragmentId: result.fragmentId,
    entry: {
      id: result.entry.id,
      state: result.entry.state,
      reason: result.entry.closure?.reason ?? null,
    },
  };
}

const MAX_LINE = 1_048_576 + 1024;

/**
 * Calls `each` for every non-empty line of the body, in order. An error on
 * a line carries the line's number and how many lines were taken before.
 */
async function readLines<T>(
  request: ApiRequest,
  each: (line: string, n: number) => Promise<T>,
): Promise<T[]> {
  if (!request.body) {
    return [];
  }
  const decoder = new TextDecoder();
  const results: T[] = [];
  let buffered = "";
  let n = 0;
  const failed = (error: unknown) =>
    new PartialError(error, { line: n, recorded: results.length });
  const flush = async (line: string) => {
    n += 1;
    if (line.trim() === "") {
      return;
    }
    try {
      results.push(await each(line, n));
    } catch (error) {
      throw failed(error);
    }
  };
  try {
    for await (const part of request.body) {
      buffered += decoder.decode(part, { stream: true });
      let at = buffered.indexOf("\n");
      while (at >= 0) {
        await flush(buffered.slice(0, at));
        buffered = buffered.slice(at + 1);
        at = buffered.indexOf("\n");
      }
      if (buffered.length > MAX_LINE) {
        n += 1;
        throw failed(
          new HttpError(
            413,
            "payload_too_large",
            `line ${n} is over the limit`,
          ),
        );
      }
    }
  } catch (error) {
    throw clientGone(error);
  }
  await flush(buffered + decoder.decode());

  return results;
}
