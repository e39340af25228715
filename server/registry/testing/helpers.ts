import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, afterEach } from "vitest";

import type { Actor } from "../record-fragment";
import { createScheduler } from "../scheduler";
import type { Json, Outcome } from "../types";
import { apiKey, makeRegistry } from "./harness";

export type Harness = ReturnType<typeof makeRegistry>;

/**
 * Gives each test its own registries on fresh SQLite files, closed and
 * removed after the test. A new file starts as a copy of one migrated
 * empty database, which is much cheaper than migrating each time.
 */
export function registriesPerTest() {
  const made: Harness[] = [];
  let template: string | null = null;
  afterEach(async () => {
    for (const h of made.splice(0)) {
      await h.close();
      removeFolderOf(h.file);
    }
  });
  afterAll(() => {
    if (template) {
      removeFolderOf(template);
    }
  });

  const emptyDatabase = () => {
    if (!template) {
      const first = makeRegistry();
      first.db.$client.close();
      template = first.file;
    }
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "docket-test-"));
    const file = path.join(folder, "db.sqlite");
    fs.copyFileSync(template, file);

    return file;
  };

  return (options: Parameters<typeof makeRegistry>[0] = {}) => {
    const h = makeRegistry({
      ...options,
      file: options.file ?? emptyDatabase(),
    });
    made.push(h);

    return h;
  };
}

function removeFolderOf(file: string): void {
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

/** A scheduler driven by the harness clock; call `tick()` to fire. */
export function schedulerOf(h: Harness) {
  return createScheduler({ registry: h.registry, clock: () => h.clock.now });
}

/** Moves the harness clock on, then fires the timers due by then. */
export async function elapse(h: Harness, ms: number) {
  h.advance(ms);
  await schedulerOf(h).tick();
}

/** How many timers an entry still has waiting. */
export function timerCount(h: Harness, entryId: string): number {
  const row = h.db.$client
    .prepare("select count(*) as n from timers where entry_id = ?")
    .get(entryId) as { n: number };

  return row.n;
}

/** How many entries the database holds. */
export function entryCount(h: Harness): number {
  const row = h.db.$client
    .prepare("select count(*) as n from entries")
    .get() as { n: number };

  return row.n;
}

/** The state of one of an entry's expectations, as stored now. */
export async function stateOf(h: Harness, entryId: string, key: string) {
  const record = await h.registry.getEntry(entryId);

  return record.expectations.find((e) => e.key === key)?.state;
}

/** Posts a fragment with the usual defaults: an API key, no payload. */
export function post(
  h: Harness,
  entryId: string,
  key: string,
  outcome: Outcome,
  extra: { payload?: Json; definitive?: boolean; idempotencyKey?: string } = {},
  actor: Actor = apiKey,
) {
  return h.registry.recordFragment(entryId, { key, outcome, ...extra }, actor);
}

/** The types of an entry's timeline rows, in order. */
export async function eventTypes(h: Harness, entryId: string) {
  const rows = await h.registry.getTimeline(entryId);

  return rows.map((row) => row.type);
}

/** The timeline rows of one type. */
export async function eventsOf(h: Harness, entryId: string, type: string) {
  const rows = await h.registry.getTimeline(entryId);

  return rows.filter((row) => row.type === type);
}

/** A signed-in person; approvers by default, in the groups given. */
export function person(
  email: string,
  groups: string[] = [],
  role: "user" | "approver" | "admin" = "approver",
): Actor {
  return { type: "user", userId: `usr_${email}`, email, role, groups };
}
