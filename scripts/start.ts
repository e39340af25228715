import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { openDatabase } from "@/db/client";
import { users } from "@/db/schema";
import { ensureAuthSecret } from "@/server/auth/secret";
import { config, type Config } from "@/server/config";
import { logger } from "@/server/logger";
import { findDemoAccounts, seedDemo } from "@/server/seed/demo";

import { ensureAgentKey, startPolicyAgent } from "./lib/agent";
import { appUrl, banner } from "./lib/banner";
import { buildState } from "./lib/build-state";
import { bin, ROOT, run } from "./lib/run";

const dev = process.argv.includes("--dev");

function readConfig(): Config {
  try {
    return config();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message}\nFix the environment and start again.\n`);
    process.exit(1);
  }
}

/** Applies migrations, seeds when asked, and returns the accounts to show. */
async function prepareDatabase(cfg: Config) {
  const db = openDatabase(path.join(cfg.dataDir, "docket.sqlite"), {
    synchronous: cfg.DOCKET_SQLITE_SYNC,
  });
  try {
    const someUser = db.select({ id: users.id }).from(users).limit(1).get();
    const seed =
      cfg.DOCKET_SEED === "demo" ||
      (cfg.DOCKET_SEED === undefined && someUser === undefined);
    if (seed) {
      const created = await seedDemo(db);
      logger.info({ created }, "seed.demo");
    }

    return {
      accounts: findDemoAccounts(db),
      agentKey: ensureAgentKey(db, cfg.dataDir),
    };
  } finally {
    db.$client.close();
  }
}

async function main(): Promise<number> {
  const cfg = readConfig();
  fs.mkdirSync(cfg.dataDir, { recursive: true });
  const authSecret = ensureAuthSecret(cfg.dataDir, cfg.AUTH_SECRET);
  const { accounts, agentKey } = await prepareDatabase(cfg);
  const agentToken = randomBytes(24).toString("base64url");

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DOCKET_DATA_DIR: cfg.dataDir,
    AUTH_SECRET: authSecret,
    AUTH_TRUST_HOST: "true",
    POLICY_AGENT_TOKEN: agentToken,
    DOCKET_POLICY_AGENT_URL: cfg.policyAgentUrl,
    // Nothing leaves the machine unless the operator opts in.
    NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? "1",
  };
  const next = bin("next");

  const build = dev ? "fresh" : buildState();
  if (build !== "fresh") {
    logger.info({ build }, "build.start");
    const code = await run(next, ["build"], env);
    if (code !== 0) {
      return code;
    }
  }
  process.stdout.write(banner(appUrl(cfg.HOST, cfg.PORT), accounts));
  startPolicyAgent(cfg, agentKey, agentToken);

  const serve = path.join(ROOT, "scripts", "serve.ts");

  return run(bin("tsx"), [serve, ...(dev ? ["--dev"] : [])], env);
}

main().then(
  (code) => {
    process.exit(code);
  },
  (error: unknown) => {
    logger.fatal({ err: error }, "start.failed");
    process.exit(1);
  },
);
