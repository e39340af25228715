import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Webhook signatures: `Docket-Signature: t=<unix seconds>,v1=<hex>`, the
 * hex being HMAC-SHA256 of `t + "." + body` under the webhook's secret.
 * An entry's channel may carry its own `secret`; otherwise the instance's
 * webhook secret is used, derived from the runtime secret. A receiver
 * learns it from `npm run webhook:secret`, run where the app runs.
 */

export function instanceWebhookSecret(runtimeSecret: string): string {
  const derived = createHmac("sha256", runtimeSecret)
    .update("docket-webhook-secret")
    .digest("base64url");

  return `whsec_${derived}`;
}

export function signatureHeader(
  secret: string,
  body: string,
  unixSeconds: number,
): string {
  const v1 = createHmac("sha256", secret)
    .update(`${unixSeconds}.${body}`)
    .digest("hex");

  return `t=${unixSeconds},v1=${v1}`;
}

/**
 * What a receiver does: recompute the signature and compare in constant
 * time, refusing stale timestamps (replays) beyond `toleranceSeconds`.
 */
export function verifySignature(
  secret: string,
  header: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const fields = new Map(
    header.split(",").map((part) => {
      const eq = part.indexOf("=");

      return [part.slice(0, eq).trim(), part.slice(eq + 1).trim()] as const;
    }),
  );
  const t = Number(fields.get("t"));
  const given = fields.get("v1") ?? "";
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) {
    return false;
  }
  const expected = signatureHeader(secret, body, t).split("v1=")[1] ?? "";

  return (
    expected.length === given.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(given))
  );
}
