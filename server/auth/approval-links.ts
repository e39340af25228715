import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Signed links to one approval for one person, as sent by email:
 * `<payload>.<signature>`, both base64url, the payload the JSON array
 * `[entryId, key, userId, expiresAt]`. Opening a link decides nothing; it
 * only shows the approval to the person it names, once signed in.
 */

export interface ApprovalLink {
  entryId: string;
  key: string;
  userId: string;
  expiresAt: number;
}

export type ApprovalLinkCheck =
  | { ok: true; link: ApprovalLink }
  | { ok: false; problem: "malformed" | "bad_signature" | "expired" };

// A key of its own, so no other token signed with the secret passes here.
function sign(secret: string, payload: string): string {
  return createHmac("sha256", `docket-approval-link:${secret}`)
    .update(payload)
    .digest("base64url");
}

export function signApprovalLink(secret: string, link: ApprovalLink): string {
  const payload = Buffer.from(
    JSON.stringify([link.entryId, link.key, link.userId, link.expiresAt]),
  ).toString("base64url");

  return `${payload}.${sign(secret, payload)}`;
}

export function verifyApprovalLink(
  secret: string,
  token: string,
  now: number,
): ApprovalLinkCheck {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) {
    return { ok: false, problem: "malformed" };
  }
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, problem: "bad_signature" };
  }
  const link = decode(payload);
  if (!link) {
    return { ok: false, problem: "malformed" };
  }
  if (link.expiresAt <= now) {
    return { ok: false, problem: "expired" };
  }

  return { ok: true, link };
}

function decode(payload: string): ApprovalLink | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (
    !Array.isArray(value) ||
    value.length !== 4 ||
    typeof value[0] !== "string" ||
    typeof value[1] !== "string" ||
    typeof value[2] !== "string" ||
    typeof value[3] !== "number"
  ) {
    return null;
  }

  return {
    entryId: value[0],
    key: value[1],
    userId: value[2],
    expiresAt: value[3],
  };
}
