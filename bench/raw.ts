import type Database from "better-sqlite3";

import { newId } from "@/server/registry/ids";
import type { FragmentInputInput } from "@/server/registry/schemas";

import { KEYS } from "./setup";

const CLAUSE = `all of ${KEYS.join(", ")}`;

/**
 * The baseline: the rows the registry writes for an ok result on an open
 * entry, written by hand with prepared statements, one IMMEDIATE
 * transaction per fragment. It knows the entry closes on its last key; it
 * reads nothing back.
 */
export function createRawWriter(sqlite: Database.Database) {
  const q = prepare(sqlite);
  // Fragment ids of entries still open, for the closure's explanation.
  const earlier = new Map<string, string[]>();

  const write = (entryId: string, input: FragmentInputInput) => {
    const now = Date.now();
    const id = newId("frg", now);
    const { key } = input;
    const source = input.source ?? null;
    q.updateExpectation.run("resolved", null, now, null, entryId, key);
    event(entryId, "expectation.resolved", { key, outcome: "ok" }, now);
    q.insertFragment.run(
      ...[id, entryId, key, "ok", JSON.stringify(input.payload ?? null)],
      ...[0, "accepted", null, source, null, now],
    );
    event(
      entryId,
      "fragment.accepted",
      { fragmentId: id, key, outcome: "ok", payload: null, source },
      now,
    );
    const ids = [...(earlier.get(entryId) ?? []), id];
    if (ids.length < KEYS.length) {
      earlier.set(entryId, ids);

      return id;
    }
    earlier.delete(entryId);
    close(entryId, key, ids, now);

    return id;
  };

  const close = (entryId: string, key: string, ids: string[], now: number) => {
    const detail = `${CLAUSE}: met`;
    const explanation = {
      path: "$",
      clause: CLAUSE,
      met: true,
      possible: true,
      fragmentIds: ids,
      children: [],
    };
    const deciding = ids.at(-1) ?? null;
    q.closeEntry.run(now, entryId);
    q.insertClosure.run(
      ...[entryId, "criterion_met", "completed", CLAUSE, "$", deciding],
      ...[JSON.stringify(explanation), detail, now],
    );
    event(
      entryId,
      "entry.closed",
      {
        reason: "criterion_met",
        verdict: "completed",
        clause: CLAUSE,
        clausePath: "$",
        decidingFragmentId: deciding,
        decidingKey: key,
        detail,
      },
      now,
    );
    q.deleteTimers.run(entryId);
    const payload = { reason: "criterion_met", verdict: "completed" };
    q.insertOutbox.run(entryId, now, JSON.stringify(payload), now);
    event(entryId, "completion.queued", {}, now);
  };

  const event = (entryId: string, type: string, data: object, at: number) => {
    q.insertEvent.run(entryId, type, JSON.stringify(data), at);
  };

  const transaction = sqlite.transaction(write);

  /** Records one fragment; returns its id. */
  return (entryId: string, input: FragmentInputInput): string =>
    transaction.immediate(entryId, input);
}

function prepare(sqlite: Database.Database) {
  return {
    insertFragment: sqlite.prepare(
      `insert into fragments (id, entry_id, key, outcome, payload,
        definitive, disposition, idempotency_key, source, late_by_ms,
        received_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    updateExpectation: sqlite.prepare(
      `update expectations
      set state = ?, timeout_at = ?, settled_at = ?, child_entry_id = ?
      where entry_id = ? and key = ?`,
    ),
    insertEvent: sqlite.prepare(
      `insert into timeline_events (entry_id, type, data, at)
      values (?, ?, ?, ?)`,
    ),
    closeEntry: sqlite.prepare(
      `update entries set state = 'closed', closed_at = ?
      where id = ? and state = 'open'`,
    ),
    insertClosure: sqlite.prepare(
      `insert into closures (entry_id, reason, verdict, clause, clause_path,
        deciding_fragment_id, explanation, detail, closed_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    deleteTimers: sqlite.prepare("delete from timers where entry_id = ?"),
    insertOutbox: sqlite.prepare(
      `insert into outbox (entry_id, kind, status, next_attempt_at, payload,
        created_at)
      values (?, 'completion', 'pending', ?, ?, ?)`,
    ),
  };
}
