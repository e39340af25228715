import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** A refusal the HTTP edge answers with its status and code. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Work requests are small; anything past this is not one. */
export const BODY_LIMIT = 64 * 1024;

export function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, {
    "content-type": "application/json",
    "cache-control": "no-store",
    ...(status === 401 ? { "www-authenticate": "Bearer" } : {}),
  });
  res.end(JSON.stringify(body));
}

/** Answers in Docket's own error shape. */
export function refuse(res: ServerResponse, error: HttpError) {
  send(res, error.status, {
    error: { code: error.code, message: error.message, details: error.details },
  });
}

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Compares digests, so the time taken says nothing about the token. */
export function checkBearer(req: IncomingMessage, token: string): void {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  if (!match?.[1] || !timingSafeEqual(digest(match[1]), digest(token))) {
    throw new HttpError(
      401,
      "unauthenticated",
      "the policy agent's token is required: Authorization: Bearer <token>",
    );
  }
}

/** The body as JSON, up to BODY_LIMIT; 413 past it, 400 if not JSON. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const parts: Buffer[] = [];
  for await (const part of req as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > BODY_LIMIT) {
      throw new HttpError(413, "payload_too_large", "the body is too large");
    }
    parts.push(part);
  }
  const text = Buffer.concat(parts).toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const why = error instanceof Error ? error.message : "not JSON";
    throw new HttpError(400, "malformed_json", `the body is not JSON: ${why}`);
  }
}
