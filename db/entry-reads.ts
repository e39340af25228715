import { asc, eq, sql } from "drizzle-orm";

import type { Db } from "./client";
import { closures, entries, expectations } from "./schema";

const p = sql.placeholder;

/**
 * Prepared reads of one entry, each by `{ id }`, shared by the registry's
 * store and the delivery worker: preparing once per database is what keeps
 * both off Drizzle's query-building cost.
 */
export function prepareEntryReads(db: Db) {
  return {
    entryById: db
      .select()
      .from(entries)
      .where(eq(entries.id, p("id")))
      .prepare(),
    // In the order they were added; rowid breaks ties within a millisecond.
    expectationsOf: db
      .select()
      .from(expectations)
      .where(eq(expectations.entryId, p("id")))
      .orderBy(asc(expectations.createdAt), asc(sql`rowid`))
      .prepare(),
    closureOf: db
      .select()
      .from(closures)
      .where(eq(closures.entryId, p("id")))
      .prepare(),
  };
}
