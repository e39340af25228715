import { randomUUID } from "node:crypto";

import { findApiKey, type ApiKey } from "@/server/auth/api-keys";
import { config } from "@/server/config";
import { logger, type Logger } from "@/server/logger";
import { DomainError } from "@/server/registry/errors";
import { getRuntime, type Runtime } from "@/server/runtime";

import { jsonMediaTypes } from "./contract";
import { takeToken } from "./rate-limit";

/** An error the HTTP edge answers with its own status and code. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const DOMAIN_STATUS = {
  invalid: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  payload_too_large: 413,
} as const;

/**
 * What a v1 handler reads of its request. The node:http front gives it
 * the incoming message through this narrow door, with no web Request to
 * build per call.
 */
export interface ApiRequest {
  method: string;
  /** The absolute URL. */
  url: string;
  headers: { get(name: string): string | null };
  /** The body as it arrives; null for GET and HEAD. */
  body: AsyncIterable<Uint8Array> | null;
  /** Aborted when the client goes away before the answer is complete. */
  signal: AbortSignal;
}

/** A handler's answer: a JSON text, nothing, or a live stream (SSE). */
export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string | ReadableStream<Uint8Array> | null;
}

export interface RequestContext {
  request: ApiRequest;
  runtime: Runtime;
  log: Logger;
  params: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => Promise<ApiResponse>;

/**
 * Runs a v1 handler: a child logger per request, and every error mapped
 * once to the `{ error: { code, message, details } }` shape. Unknown errors
 * are logged with their cause and answered with a generic 500.
 */
export async function serve(
  handler: Handler,
  request: ApiRequest,
  params: Record<string, string>,
  path: string,
): Promise<ApiResponse> {
  const log = logger.child({
    requestId: randomUUID(),
    method: request.method,
    path,
  });
  try {
    const runtime = getRuntime();

    return await handler({ request, runtime, log, params });
  } catch (error) {
    return errorResponse(error, log);
  }
}

/**
 * An error met partway through a request that had already changed
 * something: the answer is the cause's, its details say what was done.
 */
export class PartialError extends Error {
  constructor(
    cause: unknown,
    readonly done: Record<string, unknown>,
  ) {
    super("a request failed partway", { cause });
  }
}

export function errorResponse(error: unknown, log: Logger): ApiResponse {
  const partial = error instanceof PartialError;
  const cause = partial ? error.cause : error;
  const done = partial ? error.done : {};
  if (cause instanceof HttpError) {
    log.info({ status: cause.status, code: cause.code }, "request.refused");

    return problem(
      cause.status,
      cause.code,
      cause.message,
      { ...cause.details, ...done },
      cause.headers,
    );
  }
  if (cause instanceof DomainError) {
    // A schema problem is the request's shape (400); the rest is meaning (422).
    const shape = cause.code === "invalid" && "issues" in cause.details;
    const status = shape ? 400 : DOMAIN_STATUS[cause.code];
    const code = shape ? "invalid_request" : cause.code;
    log.info({ status, code }, "request.refused");

    return problem(status, code, cause.message, { ...cause.details, ...done });
  }
  log.error({ err: cause }, "request.failed");

  return problem(500, "internal", "something went wrong on our side", done);
}

function problem(
  status: number,
  code: string,
  message: string,
  details: Record<string, unknown>,
  headers: Record<string, string> = {},
): ApiResponse {
  const answer = json({ error: { code, message, details } }, status);
  Object.assign(answer.headers, headers);

  return answer;
}

/** The API key of a request, or a 401; then its share of the rate limit. */
export function authenticate(ctx: RequestContext): ApiKey {
  const header = ctx.request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) {
    throw new HttpError(
      401,
      "unauthenticated",
      "an API key is required: Authorization: Bearer <key>",
    );
  }
  const key = findApiKey(ctx.runtime.db, match[1]);
  if (!key) {
    throw new HttpError(
      401,
      "unauthenticated",
      "the API key is unknown or revoked",
    );
  }
  limit(`key:${key.id}`);
  ctx.log.setBindings({ keyId: key.id });

  return key;
}

/** Applies the per-caller rate limit, or answers 429 with Retry-After. */
export function limit(bucket: string): void {
  const waitMs = takeToken(bucket, Date.now());
  if (waitMs > 0) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new HttpError(
      429,
      "rate_limited",
      `too many requests; retry in ${seconds}s`,
      { retryAfterSeconds: seconds },
      { "retry-after": String(seconds) },
    );
  }
}

/** Waits until the bucket has a token for one more request, then takes it. */
export async function paced(bucket: string): Promise<void> {
  for (;;) {
    const waitMs = takeToken(bucket, Date.now());
    if (waitMs === 0) {
      return;
    }
    await new Promise((done) => setTimeout(done, waitMs));
  }
}

/**
 * Reads a JSON body up to the configured limit. Oversize is 413 whether
 * announced by Content-Length or found while reading; bad JSON is 400.
 */
export async function readJson(request: ApiRequest): Promise<unknown> {
  checkMediaType(request, jsonMediaTypes);
  const text = await readText(request);
  if (text.trim() === "") {
    throw new HttpError(
      400,
      "malformed_json",
      "the request body is empty; send JSON",
    );
  }

  return parseJson(text, "the body");
}

/**
 * Refuses a body sent as another media type than `allowed` with 415. No
 * Content-Type at all is read as JSON, for clients that send none.
 */
export function checkMediaType(
  request: ApiRequest,
  allowed: readonly string[],
): void {
  const received = mediaTypeOf(request);
  const charset = charsetOf(request);
  if (charset !== null && charset !== "utf-8" && charset !== "utf8") {
    throw new HttpError(
      415,
      "unsupported_media_type",
      `the body is declared as ${charset}; send it as UTF-8`,
      { allowed, received, charset },
      { "accept-post": allowed.join(", ") },
    );
  }
  if (received === "" || allowed.some((type) => matches(received, type))) {
    return;
  }
  throw new HttpError(
    415,
    "unsupported_media_type",
    `the body is sent as ${received}; send it as ${allowed.join(" or ")}`,
    { allowed, received },
    { "accept-post": allowed.join(", ") },
  );
}

/** The Content-Type's charset parameter, lower-cased, or null. */
function charsetOf(request: ApiRequest): string | null {
  const header = request.headers.get("content-type") ?? "";
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(header);

  return match?.[1]?.toLowerCase() ?? null;
}

/** The Content-Type's type/subtype, lower-cased; "" when none is given. */
export function mediaTypeOf(request: ApiRequest): string {
  const header = request.headers.get("content-type") ?? "";

  return (header.split(";")[0] ?? "").trim().toLowerCase();
}

/** `application/json`, or a range like `application/*+json`. */
function matches(type: string, allowed: string): boolean {
  const [head = "", tail = ""] = allowed.split("*");
  if (!allowed.includes("*")) {
    return type === allowed;
  }

  return (
    type.length > head.length + tail.length &&
    type.startsWith(head) &&
    type.endsWith(tail)
  );
}

/** Nesting past this is refused before any schema recurses into it. */
export const MAX_JSON_DEPTH = 64;

/** Parses JSON text; not JSON, or nested too deep, is a 400. */
export function parseJson(text: string, what: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    const why = error instanceof Error ? error.message : "not JSON";
    throw new HttpError(
      400,
      "malformed_json",
      `${what} is not valid JSON: ${why}`,
    );
  }
  if (depthOf(value) > MAX_JSON_DEPTH) {
    throw new HttpError(
      400,
      "invalid_request",
      `${what} nests deeper than ${MAX_JSON_DEPTH} levels`,
      { maxDepth: MAX_JSON_DEPTH },
    );
  }

  return value;
}

/** How deeply arrays and objects nest, counted without recursion. */
function depthOf(root: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (typeof value !== "object" || value === null) {
      continue;
    }
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_JSON_DEPTH) {
      break;
    }
    for (const inner of Object.values(value)) {
      stack.push([inner, depth + 1]);
    }
  }

  return deepest;
}

export async function readText(request: ApiRequest): Promise<string> {
  const max = config().DOCKET_BODY_LIMIT;
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > max) {
    throw tooLarge(max);
  }
  if (!request.body) {
    return "";
  }
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const part of request.body) {
      size += part.byteLength;
      if (size > max) {
        throw tooLarge(max);
      }
      parts.push(part);
    }
  } catch (error) {
    throw clientGone(error);
  }

  return Buffer.concat(parts).toString("utf8");
}

/**
 * A body that stopped because the client hung up is the client's doing:
 * a 400 that no one reads, logged as a refusal rather than a failure.
 */
export function clientGone(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ECONNRESET" || code === "ECONNABORTED") {
    return new HttpError(
      400,
      "request_aborted",
      "the client went away before the body was complete",
    );
  }

  return error;
}

function tooLarge(max: number): HttpError {
  return new HttpError(
    413,
    "payload_too_large",
    `the body is over the limit of ${max} bytes`,
    {
      limitBytes: max,
    },
  );
}

export function json(body: unknown, status = 200): ApiResponse {
  return {
    status,
    headers: {
      "content-type": "application/json",
      "cache-control": "no-store",
    },
    body: JSON.stringify(body),
  };
}
