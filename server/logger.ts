import pino from "pino";

/**
 * One JSON line per event on stdout. Children carry `entryId`,
 * `fragmentKey`, `userId`, `channel` as fields, never inside the message.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { app: "docket" },
  timestamp: pino.stdTimeFunctions.isoTime,
});

export type Logger = pino.Logger;
