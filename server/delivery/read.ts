import { and, asc, eq, sql } from "drizzle-orm";

import type { Db } from "@/db/client";
import {
  answers,
  chatMessages,
  deliveries,
  type AnswerRow,
  type ChatMessageRow,
  type DeliveryRow,
} from "@/db/schema";

export type DeliveryView = Omit<DeliveryRow, "message">;

/**
 * An entry's answer and deliveries, for the API and the console. The
 * rendered messages stay out: an approval request's carries its link.
 */
export function deliveryOf(
  db: Db,
  entryId: string,
): { answer: AnswerRow | null; deliveries: DeliveryView[] } {
  const answer =
    db.select().from(answers).where(eq(answers.entryId, entryId)).get() ?? null;
  const rows = db
    .select()
    .from(deliveries)
    .where(eq(deliveries.entryId, entryId))
    .orderBy(asc(deliveries.createdAt), asc(deliveries.id))
    .all();

  return {
    answer,
    deliveries: rows.map(({ message: _message, ...row }) => row),
  };
}

/** A user's chat thread, oldest first; another user's thread is empty. */
export function listThread(
  db: Db,
  userEmail: string,
  thread: string,
  limit = 200,
): ChatMessageRow[] {
  return (
    db
      .select()
      .from(chatMessages)
      .where(
        and(
          eq(chatMessages.userEmail, userEmail.trim().toLowerCase()),
          eq(chatMessages.thread, thread),
        ),
      )
      // Ids made in the same millisecond do not sort by time: the row order
      // does.
      .orderBy(asc(chatMessages.createdAt), sql`rowid`)
      .limit(limit)
      .all()
  );
}
