import { and, count, desc, eq, isNull } from "drizzle-orm";

import type { Db } from "@/db/client";
import { inboxItems, type InboxItemRow } from "@/db/schema";
import { NotFoundError } from "@/server/registry/errors";

/**
 * A user's inbox: answers kept for when they come back. Every read is
 * scoped to the owner's email; another user's item is simply not found.
 */

const owner = (userEmail: string) =>
  eq(inboxItems.userEmail, userEmail.trim().toLowerCase());

export function listInbox(
  db: Db,
  userEmail: string,
  limit = 100,
): InboxItemRow[] {
  return db
    .select()
    .from(inboxItems)
    .where(owner(userEmail))
    .orderBy(desc(inboxItems.createdAt), desc(inboxItems.id))
    .limit(limit)
    .all();
}

export function unreadCount(db: Db, userEmail: string): number {
  const row = db
    .select({ n: count() })
    .from(inboxItems)
    .where(and(owner(userEmail), isNull(inboxItems.readAt)))
    .get();

  return row?.n ?? 0;
}

/** Marks the user's own item read (once; later calls keep the first time). */
export function markRead(
  db: Db,
  userEmail: string,
  id: string,
  now = Date.now(),
): InboxItemRow {
  const item = db
    .select()
    .from(inboxItems)
    .where(and(owner(userEmail), eq(inboxItems.id, id)))
    .get();
  if (!item) {
    throw new NotFoundError("no such inbox item", { id });
  }
  if (item.readAt !== null) {
    return item;
  }
  db.update(inboxItems)
    .set({ readAt: now })
    .where(and(owner(userEmail), eq(inboxItems.id, id)))
    .run();

  return { ...item, readAt: now };
}
