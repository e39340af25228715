import type { Db } from "@/db/client";
import type { OutboxRow } from "@/db/schema";
import type { Logger } from "@/server/logger";
import type { Registry } from "@/server/registry/registry";
import type { TimelineEvent } from "@/server/registry/types";

import { completeEntry } from "./complete-entry";
import { recordOutboxFailure } from "./outbox";
import { requestApproval } from "./request-approval";
import { errorText, type RetryPolicy } from "./retry";
import { publish } from "./timeline";
import { immediate } from "./transaction";

export interface OutboxContext {
  db: Db;
  registry: Pick<Registry, "events">;
  isConnected(userEmail: string, thread: string): boolean;
  secret: string;
  publicUrl: string;
  retry: RetryPolicy;
  clock: () => number;
  log: Logger;
}

/**
 * Takes a round of outbox rows in one transaction, each row in its own
 * savepoint, then publishes the timeline rows they wrote once that
 * commits. A row whose work fails leaves nothing of it: the failure is
 * recorded and the row tried again later.
 */
export function takeOutboxRows(ctx: OutboxContext, rows: OutboxRow[]): void {
  if (rows.length === 0) {
    return;
  }
  const events = immediate(ctx.db, () =>
    rows.flatMap((row) => takeOutbox(ctx, row)),
  );
  publish(ctx.registry, events);
  for (const event of events) {
    if (event.type === "answer.assembled" || event.type === "route.chosen") {
      ctx.log.info({ entryId: event.entryId, ...event.data }, event.type);
    }
  }
}

function takeOutbox(ctx: OutboxContext, row: OutboxRow): TimelineEvent[] {
  const { db } = ctx;
  const now = ctx.clock();
  let events: TimelineEvent[];
  try {
    events =
      row.kind === "completion"
        ? completeEntry({ db, now, isConnected: ctx.isConnected }, row.id)
        : requestApproval(
            { db, now, secret: ctx.secret, publicUrl: ctx.publicUrl },
            row.id,
          );
  } catch (error) {
    ctx.log.error(
      { entryId: row.entryId, outboxId: row.id, kind: row.kind, err: error },
      "outbox.attempt_failed",
    );
    events = recordOutboxFailure(db, row, errorText(error), now, ctx.retry);
  }

  return events;
}
