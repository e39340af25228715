import { eq, sql } from "drizzle-orm";

import type { Db } from "@/db/client";
import { inboxItems } from "@/db/schema";
import type { SessionUser } from "@/server/auth/users";
import type { Registry } from "@/server/registry/registry";
import type { TimelineEvent } from "@/server/registry/types";

/** One item of someone's inbox that arrived or was read. */
export interface InboxChange {
  itemId: string;
  change: "delivered" | "read";
}

/**
 * Tells one person, after commit, when an answer lands in their own inbox
 * (`delivery.sent` on the inbox channel) or one of their items is read,
 * in any tab. Items are matched to the person by the owner's email, as
 * every inbox read is. Returns `off`. Per process, like the live bus.
 */
export function watchInbox(
  registry: Pick<Registry, "events">,
  db: Db,
  user: SessionUser,
  listener: (change: InboxChange) => void,
): () => void {
  const owner = user.email.trim().toLowerCase();
  const byDelivery = db
    .select({ id: inboxItems.id, userEmail: inboxItems.userEmail })
    .from(inboxItems)
    .where(eq(inboxItems.deliveryId, sql.placeholder("id")))
    .prepare();
  const byId = db
    .select({ id: inboxItems.id, userEmail: inboxItems.userEmail })
    .from(inboxItems)
    .where(eq(inboxItems.id, sql.placeholder("id")))
    .prepare();

  const onTimeline = (event: TimelineEvent) => {
    const { data } = event;
    let found: { id: string; userEmail: string } | undefined;
    let change: InboxChange["change"];
    if (
      event.type === "delivery.sent" &&
      data.channel === "inbox" &&
      typeof data.deliveryId === "string"
    ) {
      found = byDelivery.get({ id: data.deliveryId });
      change = "delivered";
    } else if (
      event.type === "inbox.read" &&
      typeof data.inboxItemId === "string"
    ) {
      found = byId.get({ id: data.inboxItemId });
      change = "read";
    } else {
      return;
    }
    if (found?.userEmail === owner) {
      listener({ itemId: found.id, change });
    }
  };
  registry.events.on("timeline", onTimeline);

  return () => {
    registry.events.off("timeline", onTimeline);
  };
}
