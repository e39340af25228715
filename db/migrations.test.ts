import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, describe, expect, it } from "vitest";

import { openDatabase } from "./client";

const MIGRATIONS = path.join(import.meta.dirname, "migrations");
const folders: string[] = [];

afterEach(() => {
  for (const folder of folders.splice(0)) {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

function tempFolder(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "docket-migrate-"));
  folders.push(folder);

  return folder;
}

/** The migrations folder as it stood before the tag named. */
function migrationsBefore(tag: string): string {
  const folder = tempFolder();
  const journalFile = path.join(MIGRATIONS, "meta", "_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as {
    entries: { tag: string }[];
  };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  expect(at).toBeGreaterThan(0);
  const kept = journal.entries.slice(0, at);
  fs.mkdirSync(path.join(folder, "meta"));
  fs.writeFileSync(
    path.join(folder, "meta", "_journal.json"),
    JSON.stringify({ ...journal, entries: kept }),
  );
  for (const { tag: name } of kept) {
    fs.copyFileSync(
      path.join(MIGRATIONS, `${name}.sql`),
      path.join(folder, `${name}.sql`),
    );
  }

  return folder;
}

describe("the opened_by migration", () => {
  it("keeps existing entries, with an opener no request can have", () => {
    const file = path.join(tempFolder(), "db.sqlite");
    const old = new Database(file);
    migrate(drizzle(old), {
      migrationsFolder: migrationsBefore("0004_opened_by"),
    });
    const insert = old.prepare(
      `insert into entries (id, requester, question, channel, criterion,
         veto, on_deadline, state, metadata, idempotency_key, created_at)
       values (?, 'uma@example.com', 'q', '{"kind":"inbox"}',
         '{"all":"*"}', '[]', 'complete', 'open', '{}', ?, 1)`,
    );
    insert.run("ent_old1", "order-1");
    insert.run("ent_old2", null);
    old.close();

    const db = openDatabase(file);
    const rows = db.$client
      .prepare("select id, idempotency_key, opened_by from entries order by id")
      .all();
    db.$client.close();

    expect(rows).toEqual([
      { id: "ent_old1", idempotency_key: "order-1", opened_by: "unknown" },
      { id: "ent_old2", idempotency_key: null, opened_by: "unknown" },
    ]);
  });
});
