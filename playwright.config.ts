import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { defineConfig, devices } from "@playwright/test";

// Several people may run the suite on one machine: each picks a port.
const PORT = Number(process.env.DOCKET_E2E_PORT ?? 3100);
const BASE_URL = `http://127.0.0.1:${PORT}`;

// Workers load this file again and inherit the runner's environment, so
// the data folder and key are chosen once per run and shared with specs.
process.env.DOCKET_E2E_DATA_DIR ??= fs.mkdtempSync(
  path.join(os.tmpdir(), "docket-e2e-"),
);
process.env.DOCKET_E2E_API_KEY ??= "docket-e2e-bootstrap-key-0001";

// Every mail of the run goes to a real SMTP server the run starts (see
// e2e/smtp-server.ts), on the port after the policy agent's.
process.env.DOCKET_E2E_SMTP_PORT ??= String(PORT + 2);
process.env.DOCKET_E2E_SMTP_DIR ??= fs.mkdtempSync(
  path.join(os.tmpdir(), "docket-e2e-smtp-"),
);

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const LAUNCH = { executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS };

function serverEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined) {
      env[name] = value;
    }
  }

  return {
    ...env,
    PORT: String(PORT),
    HOST: "127.0.0.1",
    DOCKET_DATA_DIR: process.env.DOCKET_E2E_DATA_DIR ?? "",
    DOCKET_BOOTSTRAP_API_KEY: process.env.DOCKET_E2E_API_KEY ?? "",
    // Low enough that a flood from one key meets the limit fast on a slow
    // machine; API specs use a key per test, well under a burst of 100.
    DOCKET_RATE_LIMIT: "50",
    SMTP_URL: `smtp://127.0.0.1:${process.env.DOCKET_E2E_SMTP_PORT ?? ""}`,
    // The policy agent thinks for a few seconds by default; stories that
    // wait for its verdict need not.
    POLICY_AGENT_DELAY_MS: "300",
  };
}

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/playwright",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  globalSetup: "./e2e/smtp-server.ts",
  retries: process.env.CI ? 1 : 0,
  reporter: [
    ["list"],
    ["json", { outputFile: "test-results/playwright.json" }],
  ],
  use: {
    baseURL: BASE_URL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
  projects: [
    // Signs in once per role; the specs reuse the saved cookies.
    {
      name: "sign-in",
      testMatch: /\.setup\.ts$/,
      use: { ...devices["Desktop Chrome"], launchOptions: LAUNCH },
    },
    {
      name: "chromium",
      dependencies: ["sign-in"],
      use: { ...devices["Desktop Chrome"], launchOptions: LAUNCH },
    },
  ],
  webServer: {
    command: "npm start",
    url: `${BASE_URL}/api/health`,
    env: serverEnv(),
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
  },
});
