import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";

import pino from "pino";

import { startPolicyAgent, type PolicyAgentOptions } from "../agent";

export const TOKEN = "policy-agent-test-token";
export const API_KEY = "dk_policy_agent_test";

/** A fresh entry id in Docket's format. */
export function newEntryId(): string {
  const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
  const bytes = randomBytes(26);

  return `ent_${[...bytes].map((b) => alphabet[b % 36]).join("")}`;
}

/** A day `days` from now, YYYY-MM-DD. */
export function dayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A work request for SFO to JFK next month, with `trip` overrides. */
export function work(
  docketUrl: string,
  trip: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  return {
    entryId: newEntryId(),
    key: "policy",
    docketUrl,
    trip: {
      from: "SFO",
      to: "JFK",
      date: dayFromNow(30),
      priceUsd: 640,
      ...trip,
    },
    ...extra,
  };
}

/** Log lines as parsed objects, for tests that assert what was logged. */
export function captureLog() {
  const lines: { msg: string; [field: string]: unknown }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString("utf8")) as (typeof lines)[0]);
      done();
    },
  });

  return { log: pino({ level: "debug" }, sink), lines };
}

/** An agent on a free port that works fast and retries quickly. */
export async function startTestAgent(
  options: Partial<PolicyAgentOptions> = {},
) {
  return startPolicyAgent({
    token: TOKEN,
    apiKey: API_KEY,
    port: 0,
    delayMs: 20,
    retry: { attempts: 3, baseMs: 10, maxMs: 50 },
    log: pino({ level: "silent" }),
    ...options,
  });
}

export function postWork(agentUrl: string, body: unknown, token = TOKEN) {
  return fetch(`${agentUrl}/work`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
