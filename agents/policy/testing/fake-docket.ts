import type { IncomingMessage, ServerResponse } from "node:http";
import { createInterface } from "node:readline";

import { readBody, serve } from "./serve";

export interface FragmentPost {
  entryId: string;
  authorization: string | undefined;
  body: {
    key: string;
    outcome: string;
    payload: unknown;
    idempotencyKey?: string;
    source?: string;
  };
  /** 200 when recorded, 503 when `failNext` refused it. */
  status: number;
  /** The answer repeated a first one, for the same idempotency key. */
  replayed: boolean;
}

export interface ChunkPost {
  entryId: string;
  key: string;
  contentType: string | undefined;
  chunk: { seq: number; delta: string; done?: boolean };
}

const PATHS = {
  fragment: /^\/api\/v1\/entries\/([^/]+)\/fragments$/,
  chunks: /^\/api\/v1\/entries\/([^/]+)\/fragments\/([^/]+)\/chunks$/,
};

/**
 * A stand-in for Docket's participant API on loopback: it records every
 * fragment and chunk and answers in the v1 shapes. `failNext` answers the
 * next posts of an outcome with 503, as an overloaded Docket would.
 */
export async function startFakeDocket(apiKey: string) {
  const fragments: FragmentPost[] = [];
  const chunks: ChunkPost[] = [];
  const answers = new Map<string, object>();
  const failures = new Map<string, number>();

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const problem = (res: ServerResponse, status: number, code: string) =>
    answer(res, status, { error: { code, message: code, details: {} } });

  const onFragment = async (req: IncomingMessage, entryId: string) => {
    const body = JSON.parse(await readBody(req)) as FragmentPost["body"];
    const idem = body.idempotencyKey;
    const first = idem ? answers.get(idem) : undefined;
    const failing = failures.get(body.outcome) ?? 0;
    failures.set(body.outcome, Math.max(0, failing - 1));
    fragments.push({
      entryId,
      authorization: req.headers.authorization,
      body,
      status: failing > 0 ? 503 : 200,
      replayed: first !== undefined,
    });
    if (failing > 0) {
      return null;
    }
    if (first) {
      return { ...first, replayed: true };
    }
    const made = {
      fragmentId: `frg_${fragments.length}`,
      disposition: "accepted",
      replayed: false,
      entry: { id: entryId, state: "open", closure: null },
    };
    if (idem) {
      answers.set(idem, made);
    }

    return made;
  };

  const onChunks = async (
    req: IncomingMessage,
    entryId: string,
    key: string,
  ) => {
    let count = 0;
    let complete = false;
    // Line by line as they arrive, the way Docket records a live stream.
    for await (const line of createInterface({ input: req })) {
      if (line.trim() === "") {
        continue;
      }
      const chunk = JSON.parse(line) as ChunkPost["chunk"];
      chunks.push({
        entryId,
        key,
        contentType: req.headers["content-type"],
        chunk,
      });
      count += 1;
      complete ||= chunk.done === true;
    }
    const last = {
      disposition: complete ? "complete" : "accepted",
      fragmentId: complete ? `frg_stream_${key}` : null,
      entry: { id: entryId, state: "open", reason: null },
    };

    return { chunks: count, complete, last: count > 0 ? last : null };
  };

  const served = await serve((req, res) => {
    const path = req.url ?? "";
    const fragment = PATHS.fragment.exec(path);
    const stream = PATHS.chunks.exec(path);
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      problem(res, 401, "unauthenticated");

      return;
    }
    if (req.method === "POST" && fragment?.[1]) {
      void onFragment(req, fragment[1]).then((body) =>
        body ? answer(res, 200, body) : problem(res, 503, "unavailable"),
      );

      return;
    }
    if (req.method === "POST" && stream?.[1] && stream[2]) {
      void onChunks(req, stream[1], decodeURIComponent(stream[2])).then(
        (body) => answer(res, 200, body),
      );

      return;
    }
    problem(res, 404, "not_found");
  });

  return {
    ...served,
    fragments,
    chunks,
    failNext(count: number, outcome: string) {
      failures.set(outcome, count);
    },
    /** Fragments with this outcome recorded for this entry. */
    posted(entryId: string, outcome: string) {
      return fragments.filter(
        (f) =>
          f.entryId === entryId &&
          f.body.outcome === outcome &&
          f.status === 200,
      );
    },
  };
}

export type FakeDocket = Awaited<ReturnType<typeof startFakeDocket>>;
