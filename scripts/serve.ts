import http from "node:http";

import next from "next";

import { handleApi, isApiPath } from "@/server/api/v1/node";
import { config } from "@/server/config";
import { logger } from "@/server/logger";
import { getRuntime } from "@/server/runtime";

import { ROOT } from "./lib/run";

/**
 * The app's server: one node:http listener. The participant API is
 * served here directly, a plain handler per route; every other path
 * (pages, tRPC, auth) goes to Next. Both share one runtime.
 */

const dev = process.argv.includes("--dev");
const { HOST, PORT } = config();

const app = next({ dev, dir: ROOT, hostname: HOST, port: PORT });
const handleNext = app.getRequestHandler();

async function main(): Promise<void> {
  getRuntime().start();
  await app.prepare();
  const server = http.createServer((request, response) => {
    if (!request.url?.startsWith("/")) {
      // `*` and absolute-form targets: nothing here is served by them.
      response.writeHead(400, { "content-type": "text/plain" });
      response.end("the request target must be a path\n");

      return;
    }
    const served = isApiPath(request.url)
      ? handleApi(request, response)
      : handleNext(request, response);
    served.catch((error: unknown) => {
      logger.error({ err: error, path: request.url }, "request.failed");
      if (!response.headersSent) {
        response.writeHead(500).end();
      } else {
        response.destroy();
      }
    });
  });
  server.on("upgrade", app.getUpgradeHandler());
  server.on("error", (error: NodeJS.ErrnoException) => {
    const why =
      error.code === "EADDRINUSE"
        ? `${HOST}:${PORT} is already in use; set PORT to another port`
        : error.message;
    logger.fatal({ err: error, host: HOST, port: PORT }, why);
    process.exit(1);
  });
  server.listen(PORT, HOST, () => {
    logger.info({ host: HOST, port: PORT, dev }, "server.listening");
  });
  const stop = () => {
    server.close();
    void Promise.all([app.close(), getRuntime().stop()]).finally(() =>
      process.exit(0),
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, "server.failed");
  process.exit(1);
});
