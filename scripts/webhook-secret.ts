import fs from "node:fs";

import { ensureAuthSecret } from "@/server/auth/secret";
import { config } from "@/server/config";
import { instanceWebhookSecret } from "@/server/delivery/signing";

/**
 * Prints the secret that signs webhooks whose channel names none of its
 * own. Run it where the app runs (same AUTH_SECRET or data folder) and give
 * the value to the receiver, which checks `Docket-Signature` with it.
 */
const settings = config();
fs.mkdirSync(settings.dataDir, { recursive: true });
const secret = ensureAuthSecret(settings.dataDir, settings.AUTH_SECRET);
process.stdout.write(`${instanceWebhookSecret(secret)}\n`);
