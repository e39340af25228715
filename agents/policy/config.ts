import { z } from "zod";

import type { PolicyAgentOptions } from "./agent";

const schema = z.object({
  POLICY_AGENT_PORT: z.coerce.number().int().min(1).max(65535).default(3101),
  POLICY_AGENT_HOST: z.string().min(1).default("127.0.0.1"),
  /** Shared with the app, which sends it with every work request. */
  POLICY_AGENT_TOKEN: z.string().min(16, "at least 16 characters"),
  /** The working time of one request before jitter, in ms. */
  POLICY_AGENT_DELAY_MS: z.coerce.number().int().min(0).default(2_500),
  /** The Docket API key the agent posts its verdicts with. */
  DOCKET_API_KEY: z.string().min(1),
  LLM_BASE_URL: z.url().optional(),
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().min(1).default("default"),
});

/** Reads the environment; a missing or bad value names itself. */
export function agentOptionsFromEnv(
  env: Record<string, string | undefined>,
): PolicyAgentOptions {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new Error(`Invalid policy agent configuration: ${problems}`);
  }
  const cfg = parsed.data;

  return {
    token: cfg.POLICY_AGENT_TOKEN,
    apiKey: cfg.DOCKET_API_KEY,
    host: cfg.POLICY_AGENT_HOST,
    port: cfg.POLICY_AGENT_PORT,
    delayMs: cfg.POLICY_AGENT_DELAY_MS,
    model: cfg.LLM_BASE_URL
      ? {
          baseUrl: cfg.LLM_BASE_URL,
          apiKey: cfg.LLM_API_KEY,
          model: cfg.LLM_MODEL,
        }
      : undefined,
  };
}
