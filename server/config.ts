import path from "node:path";

import { z } from "zod";

import { parseDuration } from "@/server/registry/duration";

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === null) {
        ctx.addIssue({ code: "custom", message: `not a duration: ${text}` });

        return z.NEVER;
      }

      return ms;
    });

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DOCKET_DATA_DIR: z.string().min(1).default("./data"),
  // The registry's store interface is ready for PostgreSQL, but no such
  // store exists yet: refuse the setting rather than silently use SQLite.
  // This goes away once a PostgreSQL store implements RegistryStore.
  DATABASE_URL: z
    .string()
    .optional()
    .refine((url) => url === undefined || url === "", {
      message:
        "PostgreSQL is not supported yet; unset DATABASE_URL to use the " +
        "embedded SQLite database in DOCKET_DATA_DIR",
    }),
  AUTH_SECRET: z.string().min(16).optional(),
  DOCKET_BOOTSTRAP_API_KEY: z.string().min(16).optional(),
  DOCKET_SEED: z.enum(["demo", "none"]).optional(),
  SMTP_URL: z.string().url().optional(),
  /** Where people reach the app: links in emails start here. */
  DOCKET_PUBLIC_URL: z.string().url().optional(),
  /** The sender of the answers and approval requests Docket emails. */
  /** Where the travel-policy agent takes work; default the port after ours. */
  DOCKET_POLICY_AGENT_URL: z.string().url().optional(),
  /** Shared with the policy agent, which refuses work without it. */
  POLICY_AGENT_TOKEN: z.string().min(16).optional(),
  DOCKET_MAIL_FROM: z.string().min(3).default("Docket <docket@localhost>"),
  LLM_BASE_URL: z.string().url().optional(),
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().optional(),
  DOCKET_SQLITE_SYNC: z.enum(["normal", "full"]).default("normal"),
  DOCKET_BUFFER_TTL: duration("10m"),
  DOCKET_BODY_LIMIT: z.coerce.number().int().positive().default(1_048_576),
  /** The largest text one stream of chunks assembles, in bytes. */
  DOCKET_STREAM_LIMIT: z.coerce.number().int().positive().optional(),
  /** Requests a second per API key or capability token, bursts of twice. */
  DOCKET_RATE_LIMIT: z.coerce.number().positive().default(200),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
    .default("info"),
});

export type Config = z.infer<typeof schema> & {
  dataDir: string;
  /** DOCKET_PUBLIC_URL without a trailing slash, or `http://HOST:PORT`. */
  publicUrl: string;
  policyAgentUrl: string;
  /** DOCKET_STREAM_LIMIT, or the body limit when it is not set. */
  streamLimitBytes: number;
};

let cached: Config | undefined;

/** Reads and checks the environment once; a bad value stops the start. */
export function config(): Config {
  if (cached) {
    return cached;
  }
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const { HOST, PORT, DOCKET_PUBLIC_URL } = parsed.data;
  const host = HOST.includes(":") ? `[${HOST}]` : HOST;
  const publicUrl = DOCKET_PUBLIC_URL ?? `http://${host}:${PORT}`;
  cached = {
    ...parsed.data,
    dataDir: path.resolve(parsed.data.DOCKET_DATA_DIR),
    publicUrl: publicUrl.replace(/\/+$/, ""),
    policyAgentUrl:
      parsed.data.DOCKET_POLICY_AGENT_URL ?? `http://${host}:${PORT + 1}`,
    streamLimitBytes:
      parsed.data.DOCKET_STREAM_LIMIT ?? parsed.data.DOCKET_BODY_LIMIT,
  };

  return cached;
}
