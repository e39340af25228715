import type { IncomingMessage, ServerResponse } from "node:http";

import {
  HttpError,
  serve,
  type ApiRequest,
  type ApiResponse,
  type Handler,
} from "./http";
import { matchRoute } from "./routes";

export const API_PREFIX = "/api/v1/";

/** Whether a request target belongs to the participant API. */
export function isApiPath(target: string | undefined): boolean {
  return (
    target !== undefined &&
    (target.startsWith(API_PREFIX) || target.split("?")[0] === "/api/v1")
  );
}

/**
 * Serves one participant-API request on node:http: finds the route,
 * hands the handler its narrow request and writes the answer back,
 * streaming when the body streams (SSE). The client going away aborts
 * the request's signal, which ends a live timeline.
 */
export async function handleApi(
  message: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const target = message.url ?? "/";
  const path = target.split("?")[0] ?? "/";
  const method = message.method ?? "GET";
  const { handler, params } = resolve(method, path);
  const request = toRequest(message, target, response);
  const answer = await serve(handler, request, params, path);
  await writeResponse(message, answer, response);
}

function resolve(
  method: string,
  path: string,
): { handler: Handler; params: Record<string, string> } {
  const segments = decodeSegments(path.slice(API_PREFIX.length));
  if (!segments) {
    return refuse(
      new HttpError(400, "invalid_path", "the path holds a bad %-escape", {
        path,
      }),
    );
  }
  const match = matchRoute(method, segments);
  if (match.kind === "found") {
    return match;
  }
  if (match.kind === "method") {
    const allow = match.allow.join(", ");

    return refuse(
      new HttpError(
        405,
        "method_not_allowed",
        `${method} is not allowed here; use ${allow}`,
        { allow: match.allow },
        { allow },
      ),
    );
  }

  return refuse(
    new HttpError(404, "not_found", "no such route in the API", { path }),
  );
}

function refuse(error: HttpError) {
  return {
    handler: () => Promise.reject(error),
    params: {},
  };
}

function decodeSegments(rest: string): string[] | null {
  try {
    return rest.split("/").map((part) => decodeURIComponent(part));
  } catch {
    return null;
  }
}

/** The incoming message as a handler reads it; see ApiRequest. */
function toRequest(
  message: IncomingMessage,
  target: string,
  response: ServerResponse,
): ApiRequest {
  let aborted: AbortController | undefined;
  const bodyless = message.method === "GET" || message.method === "HEAD";

  return {
    method: message.method ?? "GET",
    // The path and query are the target's; the Host header is the
    // client's to spell and plays no part in routing.
    url: `http://api.local${target}`,
    headers: {
      get(name) {
        const value = message.headers[name.toLowerCase()];

        return Array.isArray(value) ? value.join(", ") : (value ?? null);
      },
    },
    // A handler that stops reading early (a 413) must not reset the
    // socket before its answer is written: the body is left, not destroyed.
    body: bodyless ? null : message.iterator({ destroyOnReturn: false }),
    // Made on first use: only a live stream listens for the client leaving.
    get signal() {
      if (!aborted) {
        const controller = new AbortController();
        if (response.closed) {
          controller.abort();
        }
        response.once("close", () => {
          if (!response.writableFinished) {
            controller.abort();
          }
        });
        aborted = controller;
      }

      return aborted.signal;
    },
  };
}

async function writeResponse(
  message: IncomingMessage,
  answer: ApiResponse,
  response: ServerResponse,
): Promise<void> {
  const headers = answer.headers;
  if (typeof answer.body === "string" || answer.body === null) {
    const body = answer.body ?? "";
    headers["content-length"] = String(Buffer.byteLength(body));
    response.writeHead(answer.status, headers).end(body);
    if (!message.complete) {
      linger(message);
    }

    return;
  }
  response.writeHead(answer.status, headers);
  response.flushHeaders();
  const reader = answer.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || response.destroyed) {
        break;
      }
      if (!response.write(value)) {
        await drained(response);
      }
    }
  } finally {
    reader.releaseLock();
    response.end();
  }
}

/** How much of a body answered before it was read is read and dropped. */
const LINGER_BYTES = 16 * 1024 * 1024;

/**
 * A client still sending a body that was refused early (401, 413) would
 * have its upload cut, and never read the answer, were the socket closed
 * now. So the rest is read and dropped, which also leaves the connection
 * fit for the next request; past a bound the connection is cut instead.
 */
function linger(message: IncomingMessage): void {
  let left = LINGER_BYTES;
  message.on("data", (part: Buffer) => {
    left -= part.byteLength;
    if (left < 0) {
      message.socket.destroy();
    }
  });
  message.resume();
}

function drained(response: ServerResponse): Promise<void> {
  return new Promise((done) => {
    const finish = () => {
      response.off("drain", finish);
      response.off("close", finish);
      done();
    };
    response.once("drain", finish);
    response.once("close", finish);
  });
}
