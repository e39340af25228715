import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

import { logger, type Logger } from "@/server/logger";

import { checkBearer, HttpError, readJson, refuse, send } from "./http";
import type { ModelConfig } from "./model";
import { reportWork } from "./report-work";
import { DEFAULT_RETRY, type RetryOptions } from "./retry";
import { workSchema } from "./work";

export interface PolicyAgentOptions {
  /** Bearer token the app sends with every work request. */
  token: string;
  /** Docket API key the agent posts its fragments with. */
  apiKey: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  delayMs?: number;
  model?: ModelConfig;
  retry?: RetryOptions;
  /** How long `close` lets work in hand finish before stopping it. */
  graceMs?: number;
  log?: Logger;
  today?: () => string;
}

export interface PolicyAgent {
  url: string;
  port: number;
  /** Stops taking work, lets work in hand finish or stop, then resolves. */
  close: () => Promise<void>;
}

const utcToday = () => new Date().toISOString().slice(0, 10);

/** Starts the agent's HTTP server and resolves once it listens. */
export async function startPolicyAgent(
  options: PolicyAgentOptions,
): Promise<PolicyAgent> {
  const log = options.log ?? logger.child({ component: "policy-agent" });
  const stop = new AbortController();
  // Work in hand by entry and key: a repeated request joins it.
  const jobs = new Map<string, Promise<void>>();
  let closing = false;

  const accept = async (req: IncomingMessage, res: ServerResponse) => {
    checkBearer(req, options.token);
    if (closing) {
      throw new HttpError(503, "shutting_down", "the agent is stopping");
    }
    const parsed = workSchema.safeParse(await readJson(req));
    if (!parsed.success) {
      throw new HttpError(400, "invalid_request", "not a work request", {
        issues: parsed.error.issues,
      });
    }
    const work = parsed.data;
    const id = `${work.entryId}/${work.key}`;
    const duplicate = jobs.has(id);
    if (!duplicate) {
      const job = reportWork(work, {
        apiKey: options.apiKey,
        delayMs: options.delayMs ?? 2_500,
        model: options.model,
        retry: options.retry ?? DEFAULT_RETRY,
        signal: stop.signal,
        log,
        today: options.today ?? utcToday,
      }).finally(() => jobs.delete(id));
      jobs.set(id, job);
    }
    send(res, 202, {
      accepted: true,
      duplicate,
      entryId: work.entryId,
      key: work.key,
    });
  };

  const server = createServer((req, res) => {
    route(req, res, accept).catch((error: unknown) => {
      if (error instanceof HttpError) {
        log.info({ status: error.status, code: error.code }, "work.refused");
        refuse(res, error);

        return;
      }
      log.error({ err: error }, "work.failed");
      refuse(res, new HttpError(500, "internal", "the agent failed"));
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 3101, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const close = async () => {
    closing = true;
    const closed = new Promise<void>((resolve) => {
      server.close(() => resolve());
    });
    server.closeIdleConnections();
    const grace = setTimeout(() => stop.abort(), options.graceMs ?? 10_000);
    await Promise.allSettled([...jobs.values()]);
    clearTimeout(grace);
    server.closeAllConnections();
    await closed;
  };

  const shown = host.includes(":") ? `[${host}]` : host;

  return { url: `http://${shown}:${port}`, port, close };
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  accept: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
) {
  const path = new URL(req.url ?? "/", "http://agent").pathname;
  if (path === "/health" && req.method === "GET") {
    send(res, 200, { ok: true });

    return;
  }
  if (path !== "/work") {
    throw new HttpError(404, "not_found", `no such path: ${path}`);
  }
  if (req.method !== "POST") {
    throw new HttpError(405, "method_not_allowed", "POST a work request");
  }
  await accept(req, res);
}
