import { and, asc, eq, inArray, lte, ne, sql } from "drizzle-orm";

import type { Db } from "@/db/client";
import { prepareEntryReads } from "@/db/entry-reads";
import {
  answers,
  chatMessages,
  deliveries,
  fragments,
  inboxItems,
  outbox,
  timelineEvents,
} from "@/db/schema";

const p = sql.placeholder;
const at = (name: string) => sql`${p(name)}`;

/** The outbox kinds this worker takes; others are left to who knows them. */
export const OUTBOX_KINDS = ["completion", "approval_request"];

/**
 * The statements on the way from a closure to a chat answer, prepared once
 * per database: building a query with Drizzle costs far more than running
 * it, and this path has a latency target.
 */
function prepareAll(db: Db) {
  return {
    ...prepareEntryReads(db),
    insertEvent: db
      .insert(timelineEvents)
      .values({
        entryId: p("entryId"),
        type: p("type"),
        data: p("data"),
        at: p("at"),
      })
      .prepare(),
    dueOutbox: db
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.status, "pending"),
          lte(outbox.nextAttemptAt, p("now")),
          inArray(outbox.kind, OUTBOX_KINDS),
        ),
      )
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
      .limit(p("limit"))
      .prepare(),
    outboxById: db
      .select()
      .from(outbox)
      .where(eq(outbox.id, p("id")))
      .prepare(),
    outboxDone: db
      .update(outbox)
      .set({
        status: "done",
        attempts: sql`${outbox.attempts} + 1`,
        lastError: null,
      })
      .where(and(eq(outbox.id, p("id")), eq(outbox.status, "pending")))
      .prepare(),
    acceptedOf: db
      .select()
      .from(fragments)
      .where(
        and(
          eq(fragments.entryId, p("id")),
          eq(fragments.disposition, "accepted"),
          ne(fragments.outcome, "progress"),
        ),
      )
      .orderBy(asc(sql`rowid`))
      .prepare(),
    answerOf: db
      .select()
      .from(answers)
      .where(eq(answers.entryId, p("id")))
      .prepare(),
    insertAnswer: db
      .insert(answers)
      .values({
        entryId: p("entryId"),
        verdict: p("verdict"),
        reason: p("reason"),
        title: p("title"),
        text: p("text"),
        parts: p("parts"),
        assembledBy: p("assembledBy"),
        createdAt: p("createdAt"),
      })
      .onConflictDoNothing()
      .prepare(),
    insertDelivery: db
      .insert(deliveries)
      .values({
        id: p("id"),
        entryId: p("entryId"),
        purpose: p("purpose"),
        channel: p("channel"),
        target: p("target"),
        reason: p("reason"),
        status: p("status"),
        attempts: p("attempts"),
        nextAttemptAt: p("nextAttemptAt"),
        lastError: p("lastError"),
        message: p("message"),
        createdAt: p("createdAt"),
        deliveredAt: p("deliveredAt"),
      })
      .prepare(),
    moveDelivery: db
      .update(deliveries)
      .set({
        status: at("status"),
        attempts: at("attempts"),
        nextAttemptAt: at("nextAttemptAt"),
        lastError: at("lastError"),
        deliveredAt: at("deliveredAt"),
      })
      .where(
        and(
          eq(deliveries.id, p("id")),
          eq(deliveries.status, p("seenStatus")),
          eq(deliveries.attempts, p("seenAttempts")),
        ),
      )
      .prepare(),
    dueLocal: dueDeliveries(db, ["chat", "inbox"]),
    dueRemote: dueDeliveries(db, ["email", "webhook"]),
    insertChat: db
      .insert(chatMessages)
      .values({
        id: p("id"),
        thread: p("thread"),
        userEmail: p("userEmail"),
        entryId: p("entryId"),
        role: "docket",
        body: p("body"),
        parts: p("parts"),
        deliveryId: p("deliveryId"),
        createdAt: p("createdAt"),
      })
      .prepare(),
    insertInbox: db
      .insert(inboxItems)
      .values({
        id: p("id"),
        userEmail: p("userEmail"),
        entryId: p("entryId"),
        title: p("title"),
        body: p("body"),
        deliveryId: p("deliveryId"),
        createdAt: p("createdAt"),
      })
      .prepare(),
  };
}

function dueDeliveries(db: Db, channels: string[]) {
  return db
    .select()
    .from(deliveries)
    .where(
      and(
        inArray(deliveries.status, ["pending", "sending"]),
        lte(deliveries.nextAttemptAt, p("now")),
        inArray(deliveries.channel, channels),
      ),
    )
    .orderBy(asc(deliveries.nextAttemptAt))
    .limit(p("limit"))
    .prepare();
}

export type Statements = ReturnType<typeof prepareAll>;

const cache = new WeakMap<Db, Statements>();

export function statementsFor(db: Db): Statements {
  let statements = cache.get(db);
  if (!statements) {
    statements = prepareAll(db);
    cache.set(db, statements);
  }

  return statements;
}
