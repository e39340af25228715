import type { Db } from "@/db/client";
import type { OutboxRow } from "@/db/schema";
import type { TimelineEvent } from "@/server/registry/types";

import { assembleAnswer } from "./assemble";
import { queueDelivery } from "./queue-delivery";
import { emailOf, loadEntryView } from "./records";
import { chooseRoutes } from "./routes";
import { statementsFor } from "./statements";
import { TimelineRows } from "./timeline";
import { immediate } from "./transaction";

export interface CompleteDeps {
  db: Db;
  now: number;
  isConnected(userEmail: string, thread: string): boolean;
}

/**
 * Takes one `completion` row of the outbox, in one transaction: assembles
 * and stores the answer, chooses the routes, queues the deliveries with
 * their timeline rows, and marks the row done. Running it again finds the
 * row done and does nothing. Returns the rows to publish after commit.
 */
export function completeEntry(
  deps: CompleteDeps,
  outboxId: number,
): TimelineEvent[] {
  const { db, now } = deps;

  return immediate(db, () => {
    const row = takeRow(db, outboxId);
    if (!row) {
      return [];
    }
    const view = loadEntryView(db, row.entryId);
    if (!view) {
      throw new Error(`entry ${row.entryId} of outbox row ${row.id} is gone`);
    }
    const timeline = new TimelineRows(db, now);
    const answer = assembleAnswer(view);
    const stored = statementsFor(db).insertAnswer.run({
      entryId: row.entryId,
      verdict: answer.verdict,
      reason: answer.reason,
      title: answer.title,
      text: answer.text,
      parts: answer.parts,
      assembledBy: answer.assembledBy,
      createdAt: now,
    });
    if (stored.changes === 1) {
      timeline.add(row.entryId, "answer.assembled", {
        verdict: answer.verdict,
        reason: answer.reason,
        title: answer.title,
        assembledBy: answer.assembledBy,
        note: answer.note,
        unknownPlaceholders: answer.parts.unknownPlaceholders ?? [],
      });
      const choice = chooseRoutes({
        entry: view.entry,
        isConnected: deps.isConnected,
        emailOf: (requester) => emailOf(db, requester),
      });
      timeline.add(row.entryId, "route.chosen", {
        purpose: "answer",
        choice: choice.choice,
        channels: choice.routes.map((r) => r.channel),
        reason: choice.reason,
      });
      for (const route of choice.routes) {
        queueDelivery(db, timeline, {
          entryId: row.entryId,
          purpose: "answer",
          ...route,
        });
      }
    }
    markDone(db, row);

    return timeline.events;
  });
}

/** The outbox row, if it is still pending. */
export function takeRow(db: Db, id: number): OutboxRow | null {
  const row = statementsFor(db).outboxById.get({ id });

  return row?.status === "pending" ? row : null;
}

export function markDone(db: Db, row: OutboxRow): void {
  statementsFor(db).outboxDone.run({ id: row.id });
}
