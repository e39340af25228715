import http from "node:http";

import { openDatabase } from "@/db/client";

import { createRawWriter } from "./raw";

/**
 * The baseline server: node:http, no framework, one SQLite connection.
 * A fragment post is parsed and written with the raw statements of the
 * in-process bench, one IMMEDIATE transaction each, and answered with a
 * small JSON. It runs in its own process, as the app does, and prints
 * its port on the first line of its output.
 */

const file = process.env.BENCH_BARE_DB;
if (!file) {
  throw new Error("BENCH_BARE_DB names the database to write to");
}
const write = createRawWriter(openDatabase(file).$client);
const FRAGMENTS = /^\/api\/v1\/entries\/(ent_[0-9a-z]{26})\/fragments$/;

const server = http.createServer((request, response) => {
  const match = FRAGMENTS.exec(request.url ?? "");
  const entryId = request.method === "POST" ? match?.[1] : undefined;
  if (!entryId) {
    response.writeHead(404).end();

    return;
  }
  const parts: Buffer[] = [];
  request.on("data", (part: Buffer) => parts.push(part));
  request.on("end", () => {
    let status = 200;
    let body: object;
    try {
      const input = JSON.parse(Buffer.concat(parts).toString("utf8"));
      body = { fragmentId: write(entryId, input), disposition: "accepted" };
    } catch (error) {
      status = 500;
      body = { error: { code: "internal", message: String(error) } };
    }
    const text = JSON.stringify(body);
    response.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
    });
    response.end(text);
  });
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" ? address?.port : undefined;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});
