import { sql } from "drizzle-orm";
import {
  index,
  integer,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

import type {
  Channel,
  ClosureReason,
  Criterion,
  Disposition,
  EntryState,
  ExpectationState,
  ExplanationNode,
  Json,
  OnDeadline,
  Outcome,
  Repeat,
  Verdict,
} from "@/server/registry/types";

/** Epoch milliseconds: the registry does its own time arithmetic. */
const epochMs = (name: string) => integer(name);
const json = <T>(name: string) => text(name, { mode: "json" }).$type<T>();
const flag = (name: string) => integer(name, { mode: "boolean" });

export const entries = sqliteTable(
  "entries",
  {
    id: text("id").primaryKey(),
    requester: text("requester").notNull(),
    question: text("question").notNull(),
    channel: json<Channel>("channel").notNull(),
    criterion: json<Criterion>("criterion").notNull(),
    veto: json<string[]>("veto").notNull(),
    deadlineAt: epochMs("deadline_at"),
    onDeadline: text("on_deadline").$type<OnDeadline>().notNull(),
    state: text("state").$type<EntryState>().notNull(),
    parentEntryId: text("parent_entry_id"),
    parentKey: text("parent_key"),
    template: text("template"),
    metadata: json<Record<string, Json>>("metadata").notNull(),
    idempotencyKey: text("idempotency_key"),
    requestHash: text("request_hash"),
    /**
     * Who opened it: `key:ID`, `user:ID` or `system`. An idempotency key
     * is unique per opener, so two apps that pick the same one each get
     * their own entry.
     */
    openedBy: text("opened_by").notNull(),
    createdAt: epochMs("created_at").notNull(),
    closedAt: epochMs("closed_at"),
  },
  (t) => [
    uniqueIndex("entries_opened_by_idempotency_key_idx")
      .on(t.openedBy, t.idempotencyKey)
      .where(sql`idempotency_key is not null`),
    index("entries_state_created_at_idx").on(t.state, t.createdAt),
    index("entries_requester_idx").on(t.requester),
    index("entries_parent_entry_id_idx").on(t.parentEntryId),
  ],
);

export const expectations = sqliteTable(
  "expectations",
  {
    entryId: text("entry_id")
      .notNull()
      .references(() => entries.id),
    key: text("key").notNull(),
    kind: text("kind").notNull(),
    state: text("state").$type<ExpectationState>().notNull(),
    required: flag("required").notNull(),
    weight: real("weight").notNull(),
    timeoutMs: integer("timeout_ms"),
    timeoutAt: epochMs("timeout_at"),
    after: json<string[]>("after").notNull(),
    assignee: text("assignee"),
    prompt: text("prompt"),
    repeat: text("repeat").$type<Repeat>().notNull(),
    definitive: flag("definitive").notNull(),
    childEntryId: text("child_entry_id"),
    createdAt: epochMs("created_at").notNull(),
    settledAt: epochMs("settled_at"),
  },
  (t) => [
    uniqueIndex("expectations_entry_id_key_idx").on(t.entryId, t.key),
    index("expectations_kind_state_idx").on(t.kind, t.state),
  ],
);

export const fragments = sqliteTable(
  "fragments",
  {
    id: text("id").primaryKey(),
    entryId: text("entry_id")
      .notNull()
      .references(() => entries.id),
    key: text("key").notNull(),
    outcome: text("outcome").$type<Outcome>().notNull(),
    payload: json<Json>("payload"),
    definitive: flag("definitive").notNull(),
    disposition: text("disposition").$type<Disposition>().notNull(),
    idempotencyKey: text("idempotency_key"),
    source: text("source"),
    lateByMs: integer("late_by_ms"),
    receivedAt: epochMs("received_at").notNull(),
  },
  (t) => [
    index("fragments_entry_id_disposition_idx").on(t.entryId, t.disposition),
    uniqueIndex("fragments_entry_id_idempotency_key_idx")
      .on(t.entryId, t.idempotencyKey)
      .where(sql`idempotency_key is not null`),
  ],
);

export const chunks = sqliteTable(
  "chunks",
  {
    entryId: text("entry_id")
      .notNull()
      .references(() => entries.id),
    key: text("key").notNull(),
    seq: integer("seq").notNull(),
    delta: text("delta").notNull(),
    done: flag("done").notNull(),
    receivedAt: epochMs("received_at").notNull(),
  },
  (t) => [
    uniqueIndex("chunks_entry_id_key_seq_idx").on(t.entryId, t.key, t.seq),
  ],
);

/**
 * What the chunks of one streamed key add up to, so a chunk is checked
 * without reading the earlier ones. Invariant: the row is the aggregate of
 * that key's chunk rows, written in the transaction that inserts each.
 */
export const streams = sqliteTable(
  "streams",
  {
    entryId: text("entry_id")
      .notNull()
      .references(() => entries.id),
    key: text("key").notNull(),
    /** How many chunks are stored, and the highest seq among them. */
    chunkCount: integer("chunk_count").notNull(),
    lastSeq: integer("last_seq").notNull(),
    /** The seq of the chunk marked done, once one is in. */
    doneSeq: integer("done_seq"),
    /** UTF-8 bytes of all stored deltas: the size of the assembled text. */
    bytes: integer("bytes").notNull(),
  },
  (t) => [uniqueIndex("streams_entry_id_key_idx").on(t.entryId, t.key)],
);

export const closures = sqliteTable("closures", {
  entryId: text("entry_id")
    .primaryKey()
    .references(() => entries.id),
  reason: text("reason").$type<ClosureReason>().notNull(),
  verdict: text("verdict").$type<Verdict>().notNull(),
  clause: text("clause"),
  clausePath: text("clause_path"),
  decidingFragmentId: text("deciding_fragment_id"),
  explanation: json<ExplanationNode>("explanation"),
  detail: text("detail").notNull(),
  closedAt: epochMs("closed_at").notNull(),
});

/**
 * Append-only: rows are inserted in the transaction of the change they
 * record and never updated or deleted. Read in (at, id) order; id alone is
 * monotonic too and serves as the resume cursor of live streams.
 */
export const timelineEvents = sqliteTable(
  "timeline_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    entryId: text("entry_id")
      .notNull()
      .references(() => entries.id),
    type: text("type").notNull(),
    data: json<Record<string, Json>>("data").notNull(),
    at: epochMs("at").notNull(),
  },
  (t) => [index("timeline_events_entry_id_id_idx").on(t.entryId, t.id)],
);

/**
 * Due times of the scheduler: entry deadlines, expectation timeouts and the
 * expiry of buffered fragments. A row is deleted in the transaction that
 * fires or obsoletes it, so each fires at most once.
 */
export const timers = sqliteTable(
  "timers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    entryId: text("entry_id")
      .notNull()
      .references(() => entries.id),
    kind: text("kind").$type<"deadline" | "timeout" | "buffer">().notNull(),
    target: text("target"),
    dueAt: epochMs("due_at").notNull(),
  },
  (t) => [
    index("timers_due_at_idx").on(t.dueAt),
    index("timers_entry_id_idx").on(t.entryId),
  ],
);

/** Work queued by a closing transaction, taken after commit. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    entryId: text("entry_id")
      .notNull()
      .references(() => entries.id),
    kind: text("kind").notNull(),
    status: text("status").$type<"pending" | "done" | "failed">().notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: epochMs("next_attempt_at").notNull(),
    payload: json<Record<string, Json>>("payload").notNull(),
    lastError: text("last_error"),
    createdAt: epochMs("created_at").notNull(),
  },
  (t) => [
    index("outbox_status_next_attempt_at_idx").on(t.status, t.nextAttemptAt),
  ],
);

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role").$type<"user" | "approver" | "admin">().notNull(),
  passwordHash: text("password_hash").notNull(),
  createdAt: epochMs("created_at").notNull(),
});

export const groupMembers = sqliteTable(
  "group_members",
  {
    groupName: text("group_name").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
  },
  (t) => [
    uniqueIndex("group_members_group_name_user_id_idx").on(
      t.groupName,
      t.userId,
    ),
  ],
);

export const apiKeys = sqliteTable("api_keys", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** SHA-256 of the secret; the secret itself is shown once and not kept. */
  secretHash: text("secret_hash").notNull().unique(),
  prefix: text("prefix").notNull(),
  createdAt: epochMs("created_at").notNull(),
  revokedAt: epochMs("revoked_at"),
});

export type EntryRow = typeof entries.$inferSelect;
export type ExpectationRow = typeof expectations.$inferSelect;
export type FragmentRow = typeof fragments.$inferSelect;
export type ChunkRow = typeof chunks.$inferSelect;
export type StreamRow = typeof streams.$inferSelect;
export type ClosureRow = typeof closures.$inferSelect;
export type TimelineRow = typeof timelineEvents.$inferSelect;
export type UserRow = typeof users.$inferSelect;

/**
 * The assembled answer of a closed entry, written once, in the transaction
 * that takes its completion from the outbox; every delivery reads it.
 */
export const answers = sqliteTable("answers", {
  entryId: text("entry_id")
    .primaryKey()
    .references(() => entries.id),
  verdict: text("verdict").$type<Verdict>().notNull(),
  reason: text("reason").$type<ClosureReason>().notNull(),
  title: text("title").notNull(),
  text: text("text").notNull(),
  parts: json<Record<string, Json>>("parts").notNull(),
  /** `assembler:NAME`, `template` or `default`. */
  assembledBy: text("assembled_by").notNull(),
  createdAt: epochMs("created_at").notNull(),
});

export type DeliveryStatus =
  "pending" | "sending" | "delivered" | "failed" | "skipped";

/**
 * One answer or approval request on its way to one channel. The id is the
 * idempotency key the channel sees (message id, webhook header, row key).
 * Status: pending → sending → delivered | pending (retry) | failed, or
 * skipped when the channel cannot take it. While `sending`,
 * `nextAttemptAt` is the end of the sender's lease: past it, the sender is
 * presumed dead and another may try again. Every status change writes its
 * timeline row in the same transaction.
 */
export const deliveries = sqliteTable(
  "deliveries",
  {
    id: text("id").primaryKey(),
    entryId: text("entry_id")
      .notNull()
      .references(() => entries.id),
    purpose: text("purpose").$type<"answer" | "approval_request">().notNull(),
    channel: text("channel").notNull(),
    target: json<Record<string, Json>>("target").notNull(),
    reason: text("reason").notNull(),
    status: text("status").$type<DeliveryStatus>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: epochMs("next_attempt_at").notNull(),
    lastError: text("last_error"),
    /** The rendered message when there is no answer row to read from. */
    message: json<Record<string, Json>>("message"),
    createdAt: epochMs("created_at").notNull(),
    deliveredAt: epochMs("delivered_at"),
  },
  (t) => [
    index("deliveries_status_next_attempt_at_idx").on(
      t.status,
      t.nextAttemptAt,
    ),
    index("deliveries_entry_id_idx").on(t.entryId),
  ],
);

/**
 * Messages of a user's chat threads: questions, notes and answers. A thread
 * name is the user's own: rows are read by (user, thread). An answer's row
 * carries its delivery id, unique, so it is written at most once.
 */
export const chatMessages = sqliteTable(
  "chat_messages",
  {
    id: text("id").primaryKey(),
    thread: text("thread").notNull(),
    userEmail: text("user_email").notNull(),
    entryId: text("entry_id").references(() => entries.id),
    role: text("role").$type<"user" | "docket">().notNull(),
    body: text("body").notNull(),
    parts: json<Record<string, Json>>("parts"),
    deliveryId: text("delivery_id").unique(),
    createdAt: epochMs("created_at").notNull(),
  },
  (t) => [
    index("chat_messages_user_email_thread_created_at_idx").on(
      t.userEmail,
      t.thread,
      t.createdAt,
    ),
  ],
);

/**
 * Answers kept for a user who was away, with unread state. Read only
 * through the owner's email: one user never sees another's items.
 */
export const inboxItems = sqliteTable(
  "inbox_items",
  {
    id: text("id").primaryKey(),
    userEmail: text("user_email").notNull(),
    entryId: text("entry_id")
      .notNull()
      .references(() => entries.id),
    title: text("title").notNull(),
    body: text("body").notNull(),
    deliveryId: text("delivery_id").unique(),
    readAt: epochMs("read_at"),
    createdAt: epochMs("created_at").notNull(),
  },
  (t) => [
    index("inbox_items_user_email_read_at_idx").on(t.userEmail, t.readAt),
    index("inbox_items_user_email_created_at_idx").on(t.userEmail, t.createdAt),
  ],
);

export type OutboxRow = typeof outbox.$inferSelect;
export type AnswerRow = typeof answers.$inferSelect;
export type DeliveryRow = typeof deliveries.$inferSelect;
export type ChatMessageRow = typeof chatMessages.$inferSelect;
export type InboxItemRow = typeof inboxItems.$inferSelect;

/** The demo company: teams with yearly budgets and what they spent. */
export const teams = sqliteTable("teams", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
});

export const teamMembers = sqliteTable(
  "team_members",
  {
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id),
    userEmail: text("user_email").notNull(),
  },
  (t) => [uniqueIndex("team_members_user_email_idx").on(t.userEmail)],
);

export const budgets = sqliteTable(
  "budgets",
  {
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id),
    year: integer("year").notNull(),
    category: text("category").notNull(),
    amountUsd: real("amount_usd").notNull(),
  },
  (t) => [
    uniqueIndex("budgets_team_id_year_category_idx").on(
      t.teamId,
      t.year,
      t.category,
    ),
  ],
);

export const spendRecords = sqliteTable(
  "spend_records",
  {
    id: text("id").primaryKey(),
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id),
    userEmail: text("user_email").notNull(),
    category: text("category").notNull(),
    description: text("description").notNull(),
    amountUsd: real("amount_usd").notNull(),
    spentAt: epochMs("spent_at").notNull(),
  },
  (t) => [
    index("spend_records_team_id_category_spent_at_idx").on(
      t.teamId,
      t.category,
      t.spentAt,
    ),
  ],
);
