import path from "node:path";
import { parseArgs } from "node:util";

import { openDatabase } from "@/db/client";
import {
  createApiKey,
  listApiKeys,
  revokeApiKey,
} from "@/server/auth/api-keys";
import { config } from "@/server/config";

/**
 * API keys from the command line, as on the console's admin page:
 * `create --name NAME` (the secret is printed once), `revoke ID`, `list`.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: "string" } },
});
const [command, target] = positionals;
const db = openDatabase(path.join(config().dataDir, "docket.sqlite"));
const out = (text: string) => process.stdout.write(`${text}\n`);

if (command === "create") {
  const { key, secret } = createApiKey(db, values.name ?? "unnamed");
  out(`Created API key ${key.id} (${key.name}).`);
  out(`Secret (shown once, keep it safe): ${secret}`);
} else if (command === "revoke" && target) {
  out(
    revokeApiKey(db, target) ? `Revoked ${target}.` : `No live key ${target}.`,
  );
} else if (command === "list") {
  for (const key of listApiKeys(db)) {
    const state = key.revokedAt ? "revoked" : "active";
    out(`${key.id}\t${key.prefix}…\t${state}\t${key.name}`);
  }
} else {
  out("usage: key create --name NAME | key revoke ID | key list");
  process.exitCode = 2;
}
db.$client.close();
