import http from "node:http";
import type { AddressInfo } from "node:net";

import { afterEach } from "vitest";

export interface Hit {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * Webhook receivers on loopback, closed after each test. Each answers the
 * statuses given in turn (then 200); `hold` leaves the first requests
 * unanswered, as a receiver that took them but whose answer never came.
 */
export function receiversPerTest() {
  const servers: http.Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });

  return async (options: { statuses?: number[]; hold?: number } = {}) => {
    const hits: Hit[] = [];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        hits.push({ headers: req.headers, body });
        if (hits.length <= (options.hold ?? 0)) {
          return;
        }
        res.statusCode = options.statuses?.[hits.length - 1] ?? 200;
        res.end("{}");
      });
    });
    servers.push(server);
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const { port } = server.address() as AddressInfo;

    return {
      url: `http://127.0.0.1:${port}/hooks/docket`,
      hits,
      /** Drops the connections it holds, as a crash would. */
      drop: () => server.closeAllConnections(),
    };
  };
}

/** Waits for a condition, checking often; no fixed sleeps. */
export async function until(check: () => boolean, timeoutMs = 5_000) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) {
      throw new Error("timed out waiting");
    }
    await new Promise((done) => setTimeout(done, 5));
  }
}
