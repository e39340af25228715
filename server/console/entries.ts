import { and, desc, eq, exists, gte, lte, sql } from "drizzle-orm";

import type { Db } from "@/db/client";
import { closures, entries, expectations } from "@/db/schema";
import type { ClosureReason, EntryState } from "@/server/registry/types";

export interface EntryFilter {
  state?: EntryState;
  reason?: ClosureReason;
  kind?: string;
  /** Only entries opened at least this long ago / at most this long ago. */
  olderThanMs?: number;
  newerThanMs?: number;
  /** A whole or partial entry id. */
  id?: string;
  requester?: string;
  limit: number;
  cursor?: string;
}

/** Entries for the calls list, newest first, filtered on indexed columns. */
export function listEntries(db: Db, filter: EntryFilter, now: number) {
  const where = and(
    filter.state ? eq(entries.state, filter.state) : undefined,
    filter.reason ? eq(closures.reason, filter.reason) : undefined,
    filter.kind
      ? exists(
          db
            .select({ one: sql`1` })
            .from(expectations)
            .where(
              and(
                eq(expectations.entryId, entries.id),
                eq(expectations.kind, filter.kind),
              ),
            ),
        )
      : undefined,
    filter.olderThanMs !== undefined
      ? lte(entries.createdAt, now - filter.olderThanMs)
      : undefined,
    filter.newerThanMs !== undefined
      ? gte(entries.createdAt, now - filter.newerThanMs)
      : undefined,
    filter.id
      ? sql`${entries.id} like ${`%${escapeLike(filter.id)}%`} escape '\\'`
      : undefined,
    filter.requester ? eq(entries.requester, filter.requester) : undefined,
    filter.cursor ? lte(entries.id, filter.cursor) : undefined,
  );
  const rows = db
    .select({
      id: entries.id,
      requester: entries.requester,
      question: entries.question,
      state: entries.state,
      channel: entries.channel,
      createdAt: entries.createdAt,
      closedAt: entries.closedAt,
      deadlineAt: entries.deadlineAt,
      reason: closures.reason,
      verdict: closures.verdict,
    })
    .from(entries)
    .leftJoin(closures, eq(closures.entryId, entries.id))
    .where(where)
    .orderBy(desc(entries.id))
    .limit(filter.limit + 1)
    .all();
  const more = rows.length > filter.limit;
  const page = more ? rows.slice(0, filter.limit) : rows;

  return {
    items: page,
    nextCursor: more ? (rows[filter.limit]?.id ?? null) : null,
  };
}

/** Wildcards in the search are taken literally (ids contain `_`). */
function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, (c) => `\\${c}`);
}
