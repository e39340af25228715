import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

import { eq } from "drizzle-orm";

import { entries } from "@/db/schema";

import { instanceWebhookSecret, signatureHeader } from "../signing";
import { PermanentError, type Channel } from "../types";

/**
 * The answer POSTed as JSON to the entry's webhook, signed, with the
 * delivery id as `Idempotency-Key` so a receiver can drop a repeat. Any
 * answer but a 2xx (redirects included) counts as a failure and is
 * retried; each attempt has its own timeout.
 */
export const webhook: Channel = {
  local: false,
  async send(delivery, answer, deps) {
    const url = parseUrl(delivery.target.url);
    await refuseLinkLocal(url);
    const row = deps.db
      .select({ channel: entries.channel })
      .from(entries)
      .where(eq(entries.id, delivery.entryId))
      .get();
    const own = row?.channel.secret;
    const secret =
      typeof own === "string" && own !== ""
        ? own
        : instanceWebhookSecret(deps.secret);
    const body = JSON.stringify({
      entryId: answer.entryId,
      deliveryId: delivery.id,
      verdict: answer.verdict,
      reason: answer.reason,
      title: answer.title,
      text: answer.text,
      parts: answer.parts,
    });
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "idempotency-key": delivery.id,
        "docket-signature": signatureHeader(
          secret,
          body,
          Math.floor(deps.now / 1000),
        ),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(deps.webhookTimeoutMs),
    }).catch((error: unknown) => {
      throw new Error(unreachable(error, deps.webhookTimeoutMs), {
        cause: error,
      });
    });
    // Read the body out, so the connection is free for the next request.
    await response.arrayBuffer().catch(() => null);
    if (!response.ok) {
      throw new Error(`the webhook answered ${response.status}`);
    }
  },
};

/**
 * Never posts to link-local or unspecified addresses (cloud metadata
 * services live there). Loopback and private networks stay allowed, since
 * receivers often run beside the app. The name is resolved here and again
 * by fetch, so a name that changes its answer in between (DNS rebinding)
 * is not caught: that goes away once sends pin the address checked here.
 */
async function refuseLinkLocal(url: URL): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const found = isIP(host)
    ? [{ address: host }]
    : await lookup(host, { all: true }).catch(() => []);
  for (const { address } of found) {
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    // BlockList also matches IPv4-mapped IPv6 (::ffff:a9fe:a9fe).
    if (LINK_LOCAL.check(address, family)) {
      throw new PermanentError(
        `the webhook url points at ${address}, a link-local address`,
      );
    }
  }
}

const LINK_LOCAL = new BlockList();
LINK_LOCAL.addSubnet("169.254.0.0", 16, "ipv4");
LINK_LOCAL.addSubnet("0.0.0.0", 8, "ipv4");
LINK_LOCAL.addSubnet("fe80::", 10, "ipv6");
LINK_LOCAL.addAddress("::", "ipv6");

function parseUrl(value: unknown): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new PermanentError(`the webhook url is not a url: ${String(value)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new PermanentError(
      `the webhook url must be http or https, not ${url.protocol}`,
    );
  }

  return url;
}

function unreachable(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError") {
    return `the webhook did not answer within ${timeoutMs} ms`;
  }
  const cause =
    error instanceof Error && error.cause instanceof Error
      ? `: ${error.cause.message}`
      : "";

  return `the webhook could not be reached${cause}`;
}
