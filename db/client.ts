import fs from "node:fs";
import path from "node:path";

import Database from "better-sqlite3";
import {
  drizzle,
  type BetterSQLite3Database,
} from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";

import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & {
  $client: Database.Database;
};

export interface OpenOptions {
  /** `full` survives power loss; `normal` survives a crash of the process. */
  synchronous?: "normal" | "full";
}

const MIGRATIONS = path.join(
  path.dirname(new URL(import.meta.url).pathname),
  "migrations",
);

/** Opens (creating if needed) the SQLite file and applies migrations. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ":memory:") {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma(`synchronous = ${options.synchronous ?? "normal"}`);
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: migrationsFolder() });

  return db;
}

/** The migrations folder, from the project root when bundled by Next. */
function migrationsFolder(): string {
  if (fs.existsSync(path.join(MIGRATIONS, "meta"))) {
    return MIGRATIONS;
  }

  return path.join(process.cwd(), "db", "migrations");
}
