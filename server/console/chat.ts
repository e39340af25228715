import { and, asc, desc, eq, max, sql } from "drizzle-orm";

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

/** A user's threads, most recent first, with their last message. */
export function listThreads(db: Db, userEmail: string) {
  const email = userEmail.toLowerCase();
  const latest = db
    .select({
      thread: chatMessages.thread,
      lastAt: max(chatMessages.createdAt).as("last_at"),
      count: sql<number>`count(*)`.as("count"),
    })
    .from(chatMessages)
    .where(eq(chatMessages.userEmail, email))
    .groupBy(chatMessages.thread)
    .as("latest");
  const rows = db
    .select({
      thread: latest.thread,
      lastAt: latest.lastAt,
      count: latest.count,
      body: chatMessages.body,
      role: chatMessages.role,
    })
    .from(latest)
    .innerJoin(
      chatMessages,
      and(
        eq(chatMessages.thread, latest.thread),
        eq(chatMessages.userEmail, email),
        eq(chatMessages.createdAt, latest.lastAt),
      ),
    )
    .orderBy(desc(latest.lastAt))
    .limit(100)
    .all();
  const seen = new Set<string>();

  return rows.filter((row) => !seen.has(row.thread) && seen.add(row.thread));
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
