import http from "node:http";
import { performance } from "node:perf_hooks";

import { groupCpuMs } from "./http-process";
import type { Server } from "./http-servers";
import { fixed, summarize, type Summary } from "./stats";

export interface LoadOptions {
  connections: number;
  warmupMs: number;
  durationMs: number;
  apiKey: string;
}

/** One request to send: its path and its body, already serialized. */
export interface Call {
  path: string;
  body: Buffer;
}

export interface Load extends Summary {
  perSec: number;
  /** Requests sent, warm-up included. */
  sent: number;
  /** Seconds measured: the duration, or less when the calls ran out. */
  seconds: number;
  /** Answers that were not the expected status and shape, or no answer. */
  errors: number;
  firstError: string | null;
  /** CPU per measured request, of the server's processes and the driver. */
  serverCpuUs: number;
  clientCpuUs: number;
}

interface Answer {
  status: number;
  text: string;
}

/**
 * Sends `calls` in order over `connections` keep-alive connections, each
 * sending its next call as soon as the last is answered: a warm-up, then
 * a measured window. Every answer must have `expected` status and pass
 * `check`. Stops at the window's end or when the calls run out.
 */
export async function drive(
  server: Server,
  calls: readonly Call[],
  options: LoadOptions,
  expected: number,
  check: (text: string, index: number) => boolean,
): Promise<Load> {
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: options.connections,
  });
  const post = poster(server.port, agent, options.apiKey);
  const from = performance.now() + options.warmupMs;
  const until = from + options.durationMs;
  const latencies: number[] = [];
  let next = 0;
  let lastEnd = from;
  let errors = 0;
  let firstError: string | null = null;
  let mark: { client: NodeJS.CpuUsage; serverMs: number } | null = null;

  const worker = async () => {
    for (;;) {
      const started = performance.now();
      const call = calls[next];
      if (started >= until || !call) {
        return;
      }
      const index = next;
      next += 1;
      if (!mark && started >= from) {
        mark = {
          client: process.cpuUsage(),
          serverMs: groupCpuMs(server.group.pgid),
        };
      }
      let problem: string | null = null;
      try {
        const answer = await post(call);
        if (answer.status !== expected || !check(answer.text, index)) {
          problem = `${answer.status} ${answer.text.slice(0, 300)}`;
        }
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      if (problem !== null) {
        errors += 1;
        firstError ??= problem;
      }
      if (started >= from) {
        const ended = performance.now();
        latencies.push(ended - started);
        lastEnd = Math.max(lastEnd, ended);
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  agent.destroy();
  const measured = mark as { client: NodeJS.CpuUsage; serverMs: number } | null;
  if (!measured || latencies.length === 0) {
    throw new Error(
      `${server.name}: the calls ran out before the warm-up ended`,
    );
  }
  const client = process.cpuUsage(measured.client);
  const serverMs = groupCpuMs(server.group.pgid) - measured.serverMs;
  const seconds = (lastEnd - from) / 1000;
  const perRequest = (us: number) => fixed(us / latencies.length, 1);

  return {
    ...summarize(latencies),
    perSec: Math.round(latencies.length / seconds),
    sent: next,
    seconds: fixed(seconds, 2),
    errors,
    firstError,
    serverCpuUs: perRequest(serverMs * 1000),
    clientCpuUs: perRequest(client.user + client.system),
  };
}

function poster(port: number, agent: http.Agent, apiKey: string) {
  const authorization = `Bearer ${apiKey}`;

  return (call: Call) =>
    new Promise<Answer>((resolve, reject) => {
      const request = http.request(
        {
          agent,
          host: "127.0.0.1",
          port,
          method: "POST",
          path: call.path,
          headers: {
            authorization,
            "content-type": "application/json",
            "content-length": call.body.length,
          },
        },
        (response) => {
          const parts: Buffer[] = [];
          response.on("data", (part: Buffer) => parts.push(part));
          response.on("end", () =>
            resolve({
              status: response.statusCode ?? 0,
              text: Buffer.concat(parts).toString("utf8"),
            }),
          );
          response.on("error", reject);
        },
      );
      request.on("error", reject);
      request.end(call.body);
    });
}
