import { verifyToken } from "@/server/auth/tokens";

import { recordFragment } from "./entries";
import {
  HttpError,
  limit,
  readJson,
  type RequestContext,
  type ApiResponse,
} from "./http";

const PROBLEMS = {
  malformed: "the link is not a valid capability token",
  bad_signature: "the link is not a valid capability token",
  expired: "the link has expired",
} as const;

/**
 * POST /api/v1/fragments/{token} — a capability URL for one expectation:
 * the token names the entry and the key, so no API key is needed and the
 * body's key, if given, must match.
 */
export async function postByToken(ctx: RequestContext): Promise<ApiResponse> {
  const token = ctx.params.token ?? "";
  const check = verifyToken(ctx.runtime.secret, token, Date.now());
  if (!check.ok) {
    const code =
      check.problem === "expired" ? "token_expired" : "invalid_token";
    throw new HttpError(401, code, PROBLEMS[check.problem]);
  }
  const { entryId, key } = check.capability;
  limit(`token:${entryId}:${key}`);
  const body = await readJson(ctx.request);
  const withKey =
    typeof body === "object" && body !== null && !Array.isArray(body)
      ? { key, ...body }
      : body;

  return recordFragment(ctx, entryId, withKey, { type: "token", entryId, key });
}
