import type Database from "better-sqlite3";

import type { Db } from "@/db/client";

const runners = new WeakMap<Database.Database, Database.Transaction>();

/**
 * Runs `fn` in one IMMEDIATE transaction on the database's connection: the
 * write lock is taken first, so what `fn` reads cannot change before its
 * writes land, even with another process on the same file. `fn` must be
 * synchronous (better-sqlite3); Drizzle queries on `db` inside it belong
 * to the transaction.
 */
export function immediate<T>(db: Db, fn: () => T): T {
  let runner = runners.get(db.$client);
  if (!runner) {
    runner = db.$client.transaction((body: () => unknown) => body());
    runners.set(db.$client, runner);
  }

  return runner.immediate(fn) as T;
}
