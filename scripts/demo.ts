import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { liveEvent, readEvents, signIn } from "./lib/console-client";
import { bin, ROOT } from "./lib/run";

/**
 * The story Docket exists for, played without a browser against a fresh
 * app: Uma asks in the chat, the budget tool and the policy agent answer,
 * Ana approves as a signed-in approver through the same server verbs the
 * console uses, and the answer reaches Uma's chat. Prints the timeline and
 * the closure; exits 0 when the story ends as it should.
 */

const QUESTION = "Can I fly SFO to JFK on 3 May for $640?";
const PASSWORD = "docket-demo";
const API_KEY = `demo-${Date.now()}-key-for-this-run`;

const { values } = parseArgs({
  options: { headless: { type: "boolean", default: false } },
});
const out = (line = "") => process.stdout.write(`${line}\n`);

if (!values.headless) {
  out("Play the story in a browser: `npm start`, then sign in as");
  out("uma@example.com in one window and ana@example.com in another");
  out(`(password ${PASSWORD}); Uma asks in /chat, Ana approves in /approvals.`);
  out("Or play it here without a browser: npm run demo -- --headless");
  process.exit(0);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "docket-demo-"));
const logFile = path.join(dataDir, "app.log");

main()
  .then((code) => finish(code))
  .catch((error: unknown) => {
    out(`\nThe demo failed: ${error instanceof Error ? error.message : error}`);
    out(`The app's log is in ${logFile}`);
    finish(1, true);
  });

let stopApp: () => void = () => {};

function finish(code: number, keepLog = false): void {
  stopApp();
  if (!keepLog) {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(code);
}

async function main(): Promise<number> {
  const port = await freePortPair();
  const base = `http://127.0.0.1:${port}`;
  out(`Starting Docket on ${base} with a fresh database…`);
  const app = startApp(port);
  stopApp = app.stop;
  await Promise.race([waitForHealth(base, 300_000), app.exited]);

  const uma = await signIn(base, "uma@example.com", PASSWORD);
  const ana = await signIn(base, "ana@example.com", PASSWORD);
  out("Uma and Ana are signed in.\n");

  const answer = watchChat(base, uma);
  out(`Uma asks: “${QUESTION}”`);
  const asked = await trpc<{ thread: string; entryId: string | null }>(
    base,
    uma,
    "chat.ask",
    { question: QUESTION },
  );
  if (!asked.entryId) {
    throw new Error("the question was not understood");
  }

  const approval = await waitForApproval(base, ana, asked.entryId);
  out(`\nAna sees in her approvals: “${approval.prompt}”`);
  for (const part of approval.draft) {
    const payload = JSON.stringify(part.payload);
    const short = payload.length > 90 ? `${payload.slice(0, 90)}…` : payload;
    out(`  ${part.key}: ${part.outcome} ${short}`);
  }
  const decided = await trpc<{ applied: boolean; reason: string | null }>(
    base,
    ana,
    "approval.decide",
    {
      entryId: asked.entryId,
      key: "approval",
      decision: "approve",
      comment: "Have a good trip",
    },
  );
  out(`Ana approves: applied=${decided.applied}, closed as ${decided.reason}`);

  const text = await answer.done;
  out(`\nThe answer in Uma's chat:\n${indent(text)}`);
  await printTimeline(base, asked.entryId);

  return decided.applied && text.startsWith("Yes") ? 0 : 1;
}

function startApp(port: number) {
  const log = fs.openSync(logFile, "a");
  const child = spawn(bin("tsx"), [path.join("scripts", "start.ts")], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", log, log],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DOCKET_DATA_DIR: dataDir,
      DOCKET_BOOTSTRAP_API_KEY: API_KEY,
      DOCKET_SEED: "demo",
      POLICY_AGENT_DELAY_MS: process.env.POLICY_AGENT_DELAY_MS ?? "1500",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    },
  });

  const exited = new Promise<never>((_, reject) => {
    child.on("exit", (code) => {
      reject(new Error(`the app stopped (exit code ${code})`));
    });
  });
  // Only a failure to start matters; later exits are ours.
  exited.catch(() => {});
  const stop = () => {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
    }
  };

  return { stop, exited };
}

/** Two free ports in a row: the app's, and the policy agent's after it. */
async function freePortPair(): Promise<number> {
  for (let tries = 0; tries < 20; tries++) {
    const port = await freePort(0);
    if (port < 65535 && (await freePort(port + 1)) === port + 1) {
      return port;
    }
  }
  throw new Error("no two free ports in a row on 127.0.0.1");
}

function freePort(port: number): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(-1));
    server.listen(port, "127.0.0.1", () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

async function waitForHealth(base: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const ok = await fetch(`${base}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the app did not become healthy in time");
}

/** Calls a tRPC procedure over HTTP: a mutation with input, else a query. */
async function trpc<T>(
  base: string,
  cookie: string,
  procedure: string,
  input?: unknown,
): Promise<T> {
  const response =
    input === undefined
      ? await fetch(`${base}/api/trpc/${procedure}`, { headers: { cookie } })
      : await fetch(`${base}/api/trpc/${procedure}`, {
          method: "POST",
          headers: { cookie, "content-type": "application/json" },
          body: JSON.stringify({ json: input }),
        });
  const body = (await response.json()) as {
    result?: { data: { json: T } };
    error?: { json: { message: string } };
  };
  if (!body.result) {
    throw new Error(`${procedure}: ${body.error?.json.message ?? "failed"}`);
  }

  return body.result.data.json;
}

interface Approval {
  entryId: string;
  prompt: string | null;
  canDecide: boolean;
  draft: { key: string; outcome: string; payload: unknown }[];
}

async function waitForApproval(base: string, cookie: string, entryId: string) {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    const list = await trpc<Approval[]>(base, cookie, "approval.list");
    const mine = list.find((a) => a.entryId === entryId && a.canDecide);
    if (mine) {
      return mine;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error("the approval never reached Ana");
}

/**
 * Uma's live chat over Server-Sent Events: prints progress and streamed
 * reasoning as they come; `done` resolves with the answer's text.
 */
function watchChat(base: string, cookie: string) {
  const input = encodeURIComponent(JSON.stringify({ json: {} }));
  const done = (async () => {
    const response = await fetch(
      `${base}/api/trpc/chat.stream?input=${input}`,
      {
        headers: { cookie, accept: "text/event-stream" },
      },
    );
    if (!response.body) {
      throw new Error("the chat stream did not open");
    }
    let answer = null as string | null;
    await readEvents(response.body, (data) => {
      const event = liveEvent(data);
      if (event?.type === "progress") {
        out(`  … ${event.key}: ${String(event.note)}`);
      } else if (event?.type === "chunk") {
        process.stdout.write(indent(String(event.delta), "  ▸ "));
        if (event.done) {
          out();
        }
      } else if (event?.type === "answer") {
        answer = String(event.text);
      }

      // Stopping at the answer cancels the stream: Uma closes her chat.
      return answer !== null;
    });
    if (answer === null) {
      throw new Error("the chat stream ended without an answer");
    }

    return answer;
  })();

  return { done };
}

async function printTimeline(base: string, entryId: string) {
  const headers = { authorization: `Bearer ${API_KEY}` };
  const timeline = (await (
    await fetch(`${base}/api/v1/entries/${entryId}/timeline`, { headers })
  ).json()) as {
    events: {
      id: number;
      type: string;
      at: string;
      data: Record<string, unknown>;
    }[];
  };
  const entry = (await (
    await fetch(`${base}/api/v1/entries/${entryId}`, { headers })
  ).json()) as { closure: Record<string, unknown> | null };
  const start = Date.parse(timeline.events[0]?.at ?? "");
  out(`\nTimeline of ${entryId}:`);
  for (const event of timeline.events) {
    const ms = String(Date.parse(event.at) - start).padStart(6);
    const key = event.data.key ? ` ${String(event.data.key)}` : "";
    out(`  +${ms} ms  ${event.type}${key}`);
  }
  const closure = entry.closure ?? {};
  out("\nClosure:");
  out(`  reason   ${String(closure.reason)}`);
  out(`  verdict  ${String(closure.verdict)}`);
  out(`  clause   ${String(closure.clause)}`);
  out(`  decided  by fragment ${String(closure.decidingFragmentId)}`);
  out(`  detail   ${String(closure.detail)}`);
}

function indent(text: string, prefix = "  "): string {
  return text
    .split("\n")
    .map((line) => (line ? `${prefix}${line}` : line))
    .join("\n");
}
