import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Capability tokens: one per expectation, so a third party can post exactly
 * one result without an API key. `<payload>.<signature>`, both base64url;
 * the payload names the entry, the key and an expiry. Nothing is stored:
 * the signature is the proof.
 */

export interface Capability {
  entryId: string;
  key: string;
  expiresAt: number;
}

/** Tokens outlive the entry's deadline by this much, for late results. */
export const TOKEN_GRACE_MS = 24 * 3_600_000;
export const TOKEN_DEFAULT_LIFE_MS = 7 * 24 * 3_600_000;

export function tokenExpiry(createdAt: number, deadlineAt: number | null) {
  return deadlineAt === null
    ? createdAt + TOKEN_DEFAULT_LIFE_MS
    : deadlineAt + TOKEN_GRACE_MS;
}

function sign(secret: string, payload: string): string {
  return createHmac("sha256", `docket-capability:${secret}`)
    .update(payload)
    .digest("base64url");
}

export function issueToken(secret: string, capability: Capability): string {
  const payload = Buffer.from(
    JSON.stringify([capability.entryId, capability.key, capability.expiresAt]),
  ).toString("base64url");

  return `${payload}.${sign(secret, payload)}`;
}

export type TokenCheck =
  | { ok: true; capability: Capability }
  | { ok: false; problem: "malformed" | "bad_signature" | "expired" };

export function verifyToken(secret: string, token: string, now: number) {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) {
    return { ok: false, problem: "malformed" } as TokenCheck;
  }
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, problem: "bad_signature" } as TokenCheck;
  }
  const parsed = decode(payload);
  if (!parsed) {
    return { ok: false, problem: "malformed" } as TokenCheck;
  }
  if (parsed.expiresAt <= now) {
    return { ok: false, problem: "expired" } as TokenCheck;
  }

  return { ok: true, capability: parsed } as TokenCheck;
}

function decode(payload: string): Capability | null {
  try {
    const value: unknown = JSON.parse(
      Buffer.from(payload, "base64url").toString("utf8"),
    );
    if (
      Array.isArray(value) &&
      typeof value[0] === "string" &&
      typeof value[1] === "string" &&
      typeof value[2] === "number"
    ) {
      return { entryId: value[0], key: value[1], expiresAt: value[2] };
    }
  } catch {
    return null;
  }

  return null;
}
