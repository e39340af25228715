import { and, count, desc, eq, isNull } from "drizzle-orm";

import type { Db } from "@/db/client";
import { inboxItems, type InboxItemRow } from "@/db/schema";
import { NotFoundError } from "@/server/registry/errors";
import type { Registry } from "@/server/registry/registry";

import { publish, TimelineRows } from "./timeline";
import { immediate } from "./transaction";

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

/**
 * Marks the user's own item read (once; later calls keep the first time),
 * with an `inbox.read` row on the entry's timeline in the same
 * transaction; listeners, such as the user's other tabs, hear of it after
 * commit.
 */
export function markRead(
  deps: { db: Db; registry: Pick<Registry, "events"> },
  userEmail: string,
  id: string,
  now = Date.now(),
): InboxItemRow {
  const { db } = deps;
  const timeline = new TimelineRows(db, now);
  const item = immediate(db, () => {
    const found = db
      .select()
      .from(inboxItems)
      .where(and(owner(userEmail), eq(inboxItems.id, id)))
      .get();
    if (!found) {
      throw new NotFoundError("no such inbox item", { id });
    }
    if (found.readAt !== null) {
      return found;
    }
    db.update(inboxItems)
      .set({ readAt: now })
      .where(and(owner(userEmail), eq(inboxItems.id, id)))
      .run();
    timeline.add(found.entryId, "inbox.read", {
      inboxItemId: id,
      deliveryId: found.deliveryId,
    });

    return { ...found, readAt: now };
  });
  publish(deps.registry, timeline.events);

  return item;
}
