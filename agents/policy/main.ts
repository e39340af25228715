import { logger } from "@/server/logger";

import { startPolicyAgent } from "./agent";
import { agentOptionsFromEnv } from "./config";

/**
 * The travel-policy agent as its own process, beside the app:
 * `tsx agents/policy/main.ts`. It logs JSON lines on stdout and stops
 * cleanly on SIGTERM or SIGINT.
 */
const log = logger.child({ component: "policy-agent" });

// The AI SDK prints its warnings unless told where they go.
globalThis.AI_SDK_LOG_WARNINGS = ({ warnings, provider, model }) => {
  log.warn({ warnings, provider, model }, "policy.model_warnings");
};

async function main() {
  const options = agentOptionsFromEnv(process.env);
  const agent = await startPolicyAgent({ ...options, log });
  log.info(
    { url: agent.url, model: options.model?.model ?? null },
    "policy-agent.listening",
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      return;
    }
    stopping = true;
    log.info({ signal }, "policy-agent.stopping");
    agent.close().then(
      () => {
        log.info("policy-agent.stopped");
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, "policy-agent.stop_failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((err: unknown) => {
  log.fatal({ err }, "policy-agent.start_failed");
  process.exit(1);
});
