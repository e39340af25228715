import { and, asc, eq, gt, lte, ne, or, sql } from "drizzle-orm";

import type { Db } from "@/db/client";
import { prepareEntryReads } from "@/db/entry-reads";
import {
  chunks,
  closures,
  entries,
  expectations,
  fragments,
  outbox,
  streams,
  timelineEvents,
  timers,
  type EntryRow,
  type FragmentRow,
} from "@/db/schema";

import type {
  Change,
  Committed,
  DueTimer,
  EntryRecord,
  EntryTarget,
  LoadOptions,
  RegistryStore,
  Snapshot,
  Step,
  StreamSnapshot,
} from "../store";
import type { Entry, Fragment, Json, TimelineEvent } from "../types";

const p = sql.placeholder;

interface Queued {
  step: Step<unknown>;
  resolve(done: Committed<unknown>): void;
  reject(error: unknown): void;
}

type Outcome =
  { ok: true; done: Committed<unknown> } | { ok: false; error: unknown };

// Taken at load, so a test faking timers cannot stall commits.
const defer = globalThis.setImmediate;

/**
 * The registry on one SQLite file. better-sqlite3 is synchronous and SQLite
 * has a single writer, so steps run inside an IMMEDIATE transaction: the
 * snapshot a step plans from cannot change before its writes land.
 *
 * Commits are grouped: the steps that arrive while the event loop works
 * through one round of I/O run in one transaction, each in its own
 * savepoint, so one step's error undoes only its own writes. Each caller
 * hears back only after the shared COMMIT, so nothing is answered that
 * is not on disk; the cost of a commit is shared under load and a lone
 * step waits for nothing but the end of the current round.
 */
export class SqliteStore implements RegistryStore {
  private readonly q;
  // Made once: better-sqlite3 builds four wrappers per transaction function.
  private readonly runOne;
  private readonly runBatch;
  private queue: Queued[] = [];

  constructor(private readonly db: Db) {
    this.q = prepare(db);
    this.runOne = db.$client.transaction((step: Step<unknown>) => {
      const events: TimelineEvent[] = [];
      const dueTimes: number[] = [];
      const first = this.runStep(step, events, dueTimes);
      const queue = [...(first.cascade ?? [])];
      for (let next = queue.shift(); next; next = queue.shift()) {
        queue.push(...(this.runStep(next, events, dueTimes).cascade ?? []));
      }

      return { result: first.result, events, dueTimes };
    });
    this.runBatch = db.$client.transaction((batch: Queued[]) =>
      batch.map((queued): Outcome => {
        try {
          // Nested in the batch's transaction, this is a savepoint.
          return { ok: true, done: this.runOne(queued.step) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  commit<R>(step: Step<R>): Promise<Committed<R>> {
    return new Promise((resolve, reject) => {
      if (this.queue.length === 0) {
        defer(() => this.flush());
      }
      this.queue.push({
        step: step as Step<unknown>,
        resolve: resolve as Queued["resolve"],
        reject,
      });
    });
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    let outcomes: Outcome[];
    try {
      const only = batch.length === 1 ? batch[0] : undefined;
      // Alone in its round, a step needs no savepoint.
      outcomes = only
        ? [{ ok: true, done: this.runOne.immediate(only.step) }]
        : this.runBatch.immediate(batch);
    } catch (error) {
      for (const queued of batch) {
        queued.reject(error);
      }

      return;
    }
    for (const [i, outcome] of outcomes.entries()) {
      const queued = batch[i] as Queued;
      if (outcome.ok) {
        queued.resolve(outcome.done);
      } else {
        queued.reject(outcome.error);
      }
    }
  }

  private runStep<R>(step: Step<R>, events: TimelineEvent[], due: number[]) {
    const snapshot = step.target
      ? this.load(step.target, step.load ?? {})
      : null;
    const plan = step.plan(snapshot);
    for (const change of plan.changes) {
      this.apply(change, events, due);
    }

    return plan;
  }

  private load(target: EntryTarget, options: LoadOptions): Snapshot | null {
    const row =
      "entryId" in target
        ? this.q.entryById.get({ id: target.entryId })
        : this.q.entryByKey.get({
            openedBy: target.openedBy,
            key: target.idempotencyKey,
          });
    if (!row) {
      return null;
    }
    const id = row.id;
    const prior = options.fragmentIdempotencyKey
      ? this.q.fragmentByKey.get({ id, key: options.fragmentIdempotencyKey })
      : undefined;

    return {
      entry: toEntry(row),
      requestHash: row.requestHash,
      expectations: this.q.expectationsOf.all({ id }),
      fragments: this.q.liveFragments.all({ id }).map(toFragment),
      closure:
        row.state === "closed" ? (this.q.closureOf.get({ id }) ?? null) : null,
      prior: prior ? toFragment(prior) : null,
      stream: options.chunk ? this.loadStream(id, options.chunk) : null,
      timerExists:
        options.timerId !== undefined &&
        this.q.timerById.get({ id: options.timerId }) !== undefined,
    };
  }

  /** A stream's summary row and one seq: no earlier chunk is read. */
  private loadStream(
    id: string,
    chunk: { key: string; seq: number },
  ): StreamSnapshot {
    const key = chunk.key;

    return {
      state: this.q.streamOf.get({ id, key }) ?? null,
      seqStored: this.q.chunkAt.get({ id, key, seq: chunk.seq }) !== undefined,
      readChunks: () => this.q.chunksOf.all({ id, key }),
    };
  }

  private apply(change: Change, events: TimelineEvent[], due: number[]) {
    const q = this.q;
    switch (change.type) {
      case "entry.insert":
        q.insertEntry.run({ ...change.entry, requestHash: change.requestHash });
        break;
      case "entry.close": {
        const { closure } = change;
        const done = q.closeEntry.run({
          id: closure.entryId,
          at: closure.closedAt,
        });
        if (done.changes !== 1) {
          throw new Error(`entry ${closure.entryId} was not open`);
        }
        q.insertClosure.run({ ...closure });
        break;
      }
      case "expectation.insert":
        q.insertExpectation.run({ ...change.expectation });
        break;
      case "expectation.update":
        q.updateExpectation.run(change);
        break;
      case "fragment.insert":
        q.insertFragment.run({ ...change.fragment });
        break;
      case "fragment.update":
        q.updateFragment.run(change);
        break;
      case "chunk.insert": {
        const { chunk } = change;
        q.insertChunk.run({ ...chunk });
        q.addToStream.run({
          entryId: chunk.entryId,
          key: chunk.key,
          seq: chunk.seq,
          doneSeq: chunk.done ? chunk.seq : null,
          bytes: Buffer.byteLength(chunk.delta),
        });
        break;
      }
      case "timeline": {
        const done = q.insertEvent.run({
          entryId: change.entryId,
          type: change.event,
          data: change.data,
          at: change.at,
        });
        events.push({
          // The id is the rowid: no RETURNING needed to learn it.
          id: Number(done.lastInsertRowid),
          entryId: change.entryId,
          type: change.event,
          data: change.data,
          at: change.at,
        });
        break;
      }
      case "timer.insert":
        q.insertTimer.run(change);
        due.push(change.dueAt);
        break;
      case "timer.delete":
        if (change.id !== undefined) {
          q.deleteTimer.run({ id: change.id });
        } else if (change.kind !== undefined) {
          q.deleteTimersOfKind.run({
            entryId: change.entryId,
            kind: change.kind,
            target: change.target ?? null,
          });
        } else {
          q.deleteTimersOf.run({ entryId: change.entryId });
        }
        break;
      case "outbox.insert":
        q.insertOutbox.run({
          entryId: change.entryId,
          kind: change.kind,
          payload: change.payload,
          at: change.at,
        });
        break;
    }
  }

  readEntry(entryId: string): Promise<EntryRecord | null> {
    const row = this.q.entryById.get({ id: entryId });
    if (!row) {
      return Promise.resolve(null);
    }

    return Promise.resolve({
      entry: toEntry(row),
      expectations: this.q.expectationsOf.all({ id: entryId }),
      fragments: this.q.allFragments.all({ id: entryId }).map(toFragment),
      closure: this.q.closureOf.get({ id: entryId }) ?? null,
    });
  }

  readTimeline(entryId: string, afterId: number, limit: number) {
    const rows = this.q.timeline.all({ entryId, afterId, limit });

    return Promise.resolve(rows as TimelineEvent[]);
  }

  dueTimers(now: number, limit: number): Promise<DueTimer[]> {
    return Promise.resolve(this.q.dueTimers.all({ now, limit }));
  }

  nextDueAt(): Promise<number | null> {
    return Promise.resolve(this.q.nextDue.get()?.dueAt ?? null);
  }

  close(): Promise<void> {
    this.db.$client.close();

    return Promise.resolve();
  }
}

function toEntry(row: EntryRow): Entry {
  const { requestHash: _hash, ...entry } = row;

  return entry;
}

function toFragment(row: FragmentRow): Fragment {
  return { ...row, payload: (row.payload ?? null) as Json };
}

function prepare(db: Db) {
  return {
    ...prepareEntryReads(db),
    entryByKey: db
      .select()
      .from(entries)
      .where(
        and(
          eq(entries.openedBy, p("openedBy")),
          eq(entries.idempotencyKey, p("key")),
        ),
      )
      .prepare(),
    liveFragments: db
      .select()
      .from(fragments)
      .where(
        and(
          eq(fragments.entryId, p("id")),
          or(
            eq(fragments.disposition, "buffered"),
            and(
              eq(fragments.disposition, "accepted"),
              ne(fragments.outcome, "progress"),
            ),
          ),
        ),
      )
      // rowid is arrival order, finer than the millisecond of receivedAt.
      .orderBy(asc(sql`rowid`))
      .prepare(),
    allFragments: db
      .select()
      .from(fragments)
      .where(eq(fragments.entryId, p("id")))
      .orderBy(asc(sql`rowid`))
      .prepare(),
    fragmentByKey: db
      .select()
      .from(fragments)
      .where(
        and(
          eq(fragments.entryId, p("id")),
          eq(fragments.idempotencyKey, p("key")),
        ),
      )
      .prepare(),
    chunksOf: db
      .select()
      .from(chunks)
      .where(and(eq(chunks.entryId, p("id")), eq(chunks.key, p("key"))))
      .orderBy(asc(chunks.seq))
      .prepare(),
    chunkAt: db
      .select({ seq: chunks.seq })
      .from(chunks)
      .where(
        and(
          eq(chunks.entryId, p("id")),
          eq(chunks.key, p("key")),
          eq(chunks.seq, p("seq")),
        ),
      )
      .prepare(),
    streamOf: db
      .select({
        chunkCount: streams.chunkCount,
        lastSeq: streams.lastSeq,
        doneSeq: streams.doneSeq,
        bytes: streams.bytes,
      })
      .from(streams)
      .where(and(eq(streams.entryId, p("id")), eq(streams.key, p("key"))))
      .prepare(),
    timerById: db
      .select()
      .from(timers)
      .where(eq(timers.id, p("id")))
      .prepare(),
    insertEntry: db
      .insert(entries)
      .values(placeholders(entries, ENTRY_COLUMNS))
      .prepare(),
    closeEntry: db
      .update(entries)
      .set({ state: "closed", closedAt: sql`${p("at")}` })
      .where(and(eq(entries.id, p("id")), eq(entries.state, "open")))
      .prepare(),
    insertClosure: db
      .insert(closures)
      .values(placeholders(closures, CLOSURE_COLUMNS))
      .prepare(),
    insertExpectation: db
      .insert(expectations)
      .values(placeholders(expectations, EXPECTATION_COLUMNS))
      .prepare(),
    updateExpectation: db
      .update(expectations)
      .set({
        state: sql`${p("state")}`,
        timeoutAt: sql`${p("timeoutAt")}`,
        settledAt: sql`${p("settledAt")}`,
        childEntryId: sql`${p("childEntryId")}`,
      })
      .where(
        and(
          eq(expectations.entryId, p("entryId")),
          eq(expectations.key, p("key")),
        ),
      )
      .prepare(),
    insertFragment: db
      .insert(fragments)
      .values(placeholders(fragments, FRAGMENT_COLUMNS))
      .prepare(),
    updateFragment: db
      .update(fragments)
      .set({ disposition: sql`${p("disposition")}` })
      .where(eq(fragments.id, p("id")))
      .prepare(),
    insertChunk: db
      .insert(chunks)
      .values(placeholders(chunks, CHUNK_COLUMNS))
      .prepare(),
    addToStream: db
      .insert(streams)
      .values({
        entryId: p("entryId"),
        key: p("key"),
        chunkCount: 1,
        lastSeq: p("seq"),
        doneSeq: p("doneSeq"),
        bytes: p("bytes"),
      })
      .onConflictDoUpdate({
        target: [streams.entryId, streams.key],
        set: {
          chunkCount: sql`${streams.chunkCount} + 1`,
          lastSeq: sql`max(${streams.lastSeq}, excluded.last_seq)`,
          doneSeq: sql`coalesce(${streams.doneSeq}, excluded.done_seq)`,
          bytes: sql`${streams.bytes} + excluded.bytes`,
        },
      })
      .prepare(),
    insertEvent: db
      .insert(timelineEvents)
      .values(placeholders(timelineEvents, ["entryId", "type", "data", "at"]))
      .prepare(),
    timeline: db
      .select()
      .from(timelineEvents)
      .where(
        and(
          eq(timelineEvents.entryId, p("entryId")),
          gt(timelineEvents.id, p("afterId")),
        ),
      )
      .orderBy(asc(timelineEvents.id))
      .limit(p("limit"))
      .prepare(),
    insertTimer: db
      .insert(timers)
      .values(placeholders(timers, ["entryId", "kind", "target", "dueAt"]))
      .prepare(),
    deleteTimer: db
      .delete(timers)
      .where(eq(timers.id, p("id")))
      .prepare(),
    deleteTimersOfKind: db
      .delete(timers)
      .where(
        and(
          eq(timers.entryId, p("entryId")),
          eq(timers.kind, p("kind")),
          sql`${timers.target} is ${p("target")}`,
        ),
      )
      .prepare(),
    deleteTimersOf: db
      .delete(timers)
      .where(eq(timers.entryId, p("entryId")))
      .prepare(),
    dueTimers: db
      .select()
      .from(timers)
      .where(lte(timers.dueAt, p("now")))
      .orderBy(asc(timers.dueAt))
      .limit(p("limit"))
      .prepare(),
    nextDue: db
      .select({ dueAt: timers.dueAt })
      .from(timers)
      .orderBy(asc(timers.dueAt))
      .limit(1)
      .prepare(),
    insertOutbox: db
      .insert(outbox)
      .values({
        entryId: p("entryId"),
        kind: p("kind"),
        status: "pending",
        nextAttemptAt: p("at"),
        payload: p("payload"),
        createdAt: p("at"),
      })
      .prepare(),
  };
}

const ENTRY_COLUMNS = [
  "id",
  "requester",
  "question",
  "channel",
  "criterion",
  "veto",
  "deadlineAt",
  "onDeadline",
  "state",
  "parentEntryId",
  "parentKey",
  "template",
  "metadata",
  "idempotencyKey",
  "openedBy",
  "requestHash",
  "createdAt",
  "closedAt",
] as const;

const EXPECTATION_COLUMNS = [
  "entryId",
  "key",
  "kind",
  "state",
  "required",
  "weight",
  "timeoutMs",
  "timeoutAt",
  "after",
  "assignee",
  "prompt",
  "repeat",
  "definitive",
  "childEntryId",
  "createdAt",
  "settledAt",
] as const;

const FRAGMENT_COLUMNS = [
  "id",
  "entryId",
  "key",
  "outcome",
  "payload",
  "definitive",
  "disposition",
  "idempotencyKey",
  "source",
  "lateByMs",
  "receivedAt",
] as const;

const CLOSURE_COLUMNS = [
  "entryId",
  "reason",
  "verdict",
  "clause",
  "clausePath",
  "decidingFragmentId",
  "explanation",
  "detail",
  "closedAt",
] as const;

const CHUNK_COLUMNS = [
  "entryId",
  "key",
  "seq",
  "delta",
  "done",
  "receivedAt",
] as const;

/** `{ column: placeholder("column") }` for the listed columns. */
function placeholders<T, K extends string>(
  _table: T,
  columns: readonly K[],
): Record<K, ReturnType<typeof p>> {
  const entries = columns.map((c) => [c, p(c)] as const);

  return Object.fromEntries(entries) as unknown as Record<
    K,
    ReturnType<typeof p>
  >;
}
