import { and, asc, desc, eq, sql } from "drizzle-orm";

import type { Db } from "@/db/client";
import {
  chatMessages,
  chunks,
  entries,
  expectations,
  fragments,
} from "@/db/schema";
import { NotFoundError } from "@/server/registry/errors";
import type { Json } from "@/server/registry/types";

/**
 * A user's threads, most recent first, with their last message. Messages
 * of one millisecond are ordered as they were written (rowid), so the
 * last one is always the same.
 */
export function listThreads(db: Db, userEmail: string) {
  const email = userEmail.toLowerCase();
  const thread = chatMessages.thread;
  const ranked = db
    .select({
      thread,
      lastAt: chatMessages.createdAt,
      body: chatMessages.body,
      role: chatMessages.role,
      seq: sql<number>`rowid`.as("seq"),
      count: sql<number>`count(*) over (partition by ${thread})`.as("count"),
      rank: sql<number>`row_number() over (
        partition by ${thread}
        order by ${chatMessages.createdAt} desc, rowid desc
      )`.as("rank"),
    })
    .from(chatMessages)
    .where(eq(chatMessages.userEmail, email))
    .as("ranked");

  return db
    .select({
      thread: ranked.thread,
      lastAt: ranked.lastAt,
      count: ranked.count,
      body: ranked.body,
      role: ranked.role,
    })
    .from(ranked)
    .where(eq(ranked.rank, 1))
    .orderBy(desc(ranked.lastAt), desc(ranked.seq))
    .limit(100)
    .all();
}

/**
 * Where a user's own call stands: each expectation's state and on whom it
 * waits, and what it has shown so far — progress notes and streamed text —
 * so a page opened mid-answer starts where the live stream is. Another
 * person's entry is not found.
 */
export function callStatus(db: Db, userEmail: string, entryId: string) {
  const entry = db
    .select()
    .from(entries)
    .where(
      and(
        eq(entries.id, entryId),
        eq(entries.requester, userEmail.toLowerCase()),
      ),
    )
    .get();
  if (!entry) {
    throw new NotFoundError("no such call", { entryId });
  }
  const slots = db
    .select({
      key: expectations.key,
      kind: expectations.kind,
      state: expectations.state,
      assignee: expectations.assignee,
      after: expectations.after,
      timeoutAt: expectations.timeoutAt,
    })
    .from(expectations)
    .where(eq(expectations.entryId, entryId))
    .orderBy(sql`rowid`)
    .all();

  return {
    id: entry.id,
    state: entry.state,
    deadlineAt: entry.deadlineAt,
    expectations: slots,
    ...shownSoFar(db, entryId),
  };
}

/** The accepted progress notes and every chunk of an entry, in order. */
function shownSoFar(db: Db, entryId: string) {
  const notes = db
    .select({
      id: fragments.id,
      key: fragments.key,
      note: fragments.payload,
      at: fragments.receivedAt,
    })
    .from(fragments)
    .where(
      and(
        eq(fragments.entryId, entryId),
        eq(fragments.outcome, "progress"),
        eq(fragments.disposition, "accepted"),
      ),
    )
    // In the order they were recorded: several may share a millisecond.
    .orderBy(sql`rowid`)
    .all();
  const pieces = db
    .select({
      key: chunks.key,
      seq: chunks.seq,
      delta: chunks.delta,
      done: chunks.done,
    })
    .from(chunks)
    .where(eq(chunks.entryId, entryId))
    .orderBy(asc(chunks.key), asc(chunks.seq))
    .all();

  return {
    notes: notes.map((n) => ({ ...n, note: (n.note ?? null) as Json })),
    chunks: pieces,
  };
}
