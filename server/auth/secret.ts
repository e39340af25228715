import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const FILE = "auth-secret";

/**
 * The session signing secret: AUTH_SECRET when set, otherwise the one kept
 * in the data folder, generated there (readable by the owner only) on the
 * first start.
 */
export function ensureAuthSecret(
  dataDir: string,
  fromEnv: string | undefined,
): string {
  if (fromEnv) {
    return fromEnv;
  }
  const file = path.join(dataDir, FILE);
  if (fs.existsSync(file)) {
    return readSecret(file);
  }
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });

  return secret;
}

function readSecret(file: string): string {
  const secret = fs.readFileSync(file, "utf8").trim();
  if (secret.length < 32) {
    throw new Error(
      `${file} holds no usable secret; delete it to generate a new one`,
    );
  }

  return secret;
}
