import pino from "pino";

/**
 * One JSON line per event on stdout. Children carry `entryId`,
 * `fragmentKey`, `userId`, `channel` as fields, never inside the message.
 */
export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? "info",
    base: { app: "docket" },
    timestamp: pino.stdTimeFunctions.isoTime,
  },
  // Written as soon as the previous write is done, not one call per line:
  // lines that come together under load share a write. Flushed at exit.
  pino.destination({ dest: 1, sync: false }),
);

export type Logger = pino.Logger;
