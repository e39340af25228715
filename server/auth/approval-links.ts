import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Links in approval request emails. A token names the entry, the human
 * expectation, the approver it was sent to and an expiry, signed with a key
 * derived from the runtime secret (apart from capability tokens, so one
 * cannot pass for the other). A link only opens the confirm page: deciding
 * takes a signed-in approver posting from it, never a GET.
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

function mac(secret: string, payload: string): string {
  return createHmac("sha256", `docket-approval-link:${secret}`)
    .update(payload)
    .digest("base64url");
}

export function signApprovalLink(secret: string, link: ApprovalLink): string {
  const payload = Buffer.from(
    JSON.stringify([link.entryId, link.key, link.userId, link.expiresAt]),
  ).toString("base64url");

  return `${payload}.${mac(secret, payload)}`;
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
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, problem: "bad_signature" };
  }
  const link = decode(payload);
  if (!link) {
    return { ok: false, problem: "malformed" };
  }

  return link.expiresAt <= now
    ? { ok: false, problem: "expired" }
    : { ok: true, link };
}

/** The confirm page's address for a token. */
export function approvalLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/approvals/confirm?t=${encodeURIComponent(token)}`;
}

function decode(payload: string): ApprovalLink | null {
  try {
    const value: unknown = JSON.parse(
      Buffer.from(payload, "base64url").toString("utf8"),
    );
    if (
      Array.isArray(value) &&
      value.length === 4 &&
      typeof value[0] === "string" &&
      typeof value[1] === "string" &&
      typeof value[2] === "string" &&
      typeof value[3] === "number"
    ) {
      return {
        entryId: value[0],
        key: value[1],
        userId: value[2],
        expiresAt: value[3],
      };
    }
  } catch {
    return null;
  }

  return null;
}
