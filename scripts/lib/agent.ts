import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import type { Db } from "@/db/client";
import { ensureApiKey } from "@/server/auth/api-keys";
import type { Config } from "@/server/config";
import { logger } from "@/server/logger";

import { bin, ROOT } from "./run";

const KEY_FILE = "policy-agent-key";

/**
 * The policy agent's own API key, kept in the data folder (owner only) so
 * it survives restarts, and ensured in the database.
 */
export function ensureAgentKey(db: Db, dataDir: string): string {
  const file = path.join(dataDir, KEY_FILE);
  let secret = fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : "";
  if (secret.length < 32) {
    secret = `dk_${randomBytes(24).toString("base64url")}`;
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  }
  ensureApiKey(db, secret, "policy-agent");

  return secret;
}

/**
 * Starts the travel-policy agent beside the app, on the port after the
 * app's, and stops it when this process ends.
 */
export function startPolicyAgent(
  cfg: Config,
  apiKey: string,
  token: string,
): ChildProcess {
  const port = new URL(cfg.policyAgentUrl).port || "80";
  const child = spawn(bin("tsx"), [path.join("agents", "policy", "main.ts")], {
    cwd: ROOT,
    stdio: "inherit",
    env: {
      ...process.env,
      POLICY_AGENT_PORT: port,
      POLICY_AGENT_HOST: cfg.HOST,
      POLICY_AGENT_TOKEN: token,
      DOCKET_API_KEY: apiKey,
    },
  });
  child.on("exit", (code, signal) => {
    logger.info({ code, signal }, "policy_agent.exit");
  });
  process.on("exit", () => {
    child.kill("SIGTERM");
  });

  return child;
}
