import { eq } from "drizzle-orm";

import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type {
  Closure,
  Entry,
  Expectation,
  Fragment,
  Json,
} from "@/server/registry/types";

import { statementsFor } from "./statements";

/** An entry as assembly sees it: accepted results only, no notes. */
export interface EntryView {
  entry: Entry;
  expectations: Expectation[];
  fragments: Fragment[];
  closure: Closure | null;
}

/** Reads an entry for assembly; synchronous, so usable in a transaction. */
export function loadEntryView(db: Db, entryId: string): EntryView | null {
  const q = statementsFor(db);
  const row = q.entryById.get({ id: entryId });
  if (!row) {
    return null;
  }
  const { requestHash: _hash, ...entry } = row;
  const accepted = q.acceptedOf.all({ id: entryId });

  return {
    entry,
    expectations: q.expectationsOf.all({ id: entryId }),
    fragments: accepted.map((f) => ({ ...f, payload: f.payload as Json })),
    closure: q.closureOf.get({ id: entryId }) ?? null,
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** The address of a requester named by email or by user id, or null. */
export function emailOf(db: Db, requester: string): string | null {
  if (EMAIL.test(requester)) {
    return requester;
  }
  const user = db
    .select({ email: users.email })
    .from(users)
    .where(eq(users.id, requester))
    .get();

  return user?.email ?? null;
}
