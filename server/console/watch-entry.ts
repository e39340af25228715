import { eq } from "drizzle-orm";

import type { Db } from "@/db/client";
import { entries } from "@/db/schema";
import { loadUser, type SessionUser } from "@/server/auth/users";
import { NotFoundError } from "@/server/registry/errors";
import type { Registry } from "@/server/registry/registry";
import type { TimelineEvent } from "@/server/registry/types";

/** One timeline row of the followed entry, as it committed. */
export interface EntryChange {
  eventId: number;
  /** The row's type, e.g. `fragment.accepted` or `delivery.sent`. */
  change: string;
}

/**
 * Follows one entry's timeline for an admin: every row written for it
 * (arrivals, the closure, deliveries) is told after commit. The entry must
 * exist; the role is read again for each row, so an admin who is demoted
 * stops hearing at once. Returns a subscribe function for `listen`. Per
 * process, like the live bus.
 */
export function watchEntry(
  registry: Pick<Registry, "events">,
  db: Db,
  user: SessionUser,
  entryId: string,
): (listener: (change: EntryChange) => void) => () => void {
  const found = db
    .select({ id: entries.id })
    .from(entries)
    .where(eq(entries.id, entryId))
    .get();
  if (!found) {
    throw new NotFoundError("no such entry", { entryId });
  }

  return (listener) => {
    const onTimeline = (event: TimelineEvent) => {
      if (event.entryId !== entryId) {
        return;
      }
      if (loadUser(db, user.id)?.role !== "admin") {
        return;
      }
      listener({ eventId: event.id, change: event.type });
    };
    registry.events.on("timeline", onTimeline);

    return () => {
      registry.events.off("timeline", onTimeline);
    };
  };
}
