import type Database from "better-sqlite3";

import { entrySpec, type Bench } from "./setup";

type Row = Record<string, unknown>;

/** The rows the registry wrote for one opened entry, to clone. */
export interface Template {
  entry: Row;
  expectations: Row[];
  timer: Row;
}

export interface BuilderOptions {
  /** Where the first built entry's deadline falls. */
  firstDueAt: number;
  /** How far apart consecutive deadlines fall, on average. */
  dueSpacingMs: number;
}

/** Opens one entry through the registry and reads back what it wrote. */
export async function readTemplate(bench: Bench): Promise<Template> {
  const { id } = await bench.registry.openEntry(entrySpec(0));
  const sqlite = bench.db.$client;
  const timer = sqlite
    .prepare("select * from timers where entry_id = ?")
    .get(id) as Row;
  delete timer.id;

  return {
    entry: sqlite.prepare("select * from entries where id = ?").get(id) as Row,
    expectations: sqlite
      .prepare("select * from expectations where entry_id = ? order by rowid")
      .all(id) as Row[],
    timer,
  };
}

/**
 * Writes open entries straight into the tables, in the shapes of the
 * template: one entry row, its expectations, and its deadline timer.
 * Deadlines follow creation order, as they do when entries share a typical
 * span, so the due-time index grows at its end. Keeps nothing per entry.
 */
export function createBuilder(
  sqlite: Database.Database,
  template: Template,
  options: BuilderOptions,
) {
  const entry = rowWriter(sqlite, "entries", [template.entry], ENTRY_SET);
  const expectations = rowWriter(
    sqlite,
    "expectations",
    template.expectations,
    ["entry_id", "created_at"],
  );
  const timer = rowWriter(
    sqlite,
    "timers",
    [template.timer],
    ["entry_id", "due_at"],
  );
  const createdBase = Date.now() - 2 * 86_400_000;
  let count = 0;

  const addOne = (onId?: (id: string) => void) => {
    const n = count;
    count += 1;
    const createdAt = createdBase + n;
    const id = bulkId("ent", createdAt);
    const dueAt =
      options.firstDueAt +
      n * options.dueSpacingMs +
      Math.floor(Math.random() * 60_000);
    entry.write(
      id,
      `user${n % 200}@example.com`,
      `May order ${n} of 1,250 EUR go out this week?`,
      JSON.stringify({ team: "purchasing", order: n }),
      dueAt,
      createdAt,
    );
    expectations.write(id, createdAt);
    timer.write(id, dueAt);
    onId?.(id);
  };
  const addMany = sqlite.transaction(
    (n: number, onId?: (id: string) => void) => {
      for (let i = 0; i < n; i++) {
        addOne(onId);
      }
    },
  );

  /**
   * Adds entries until `total` were built, 25,000 per transaction, then
   * empties the WAL so what is measured next does not pay for the build.
   */
  const growTo = (total: number, onId?: (id: string) => void) => {
    while (count < total) {
      addMany(Math.min(25_000, total - count), onId);
    }
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
  };

  return {
    growTo,
    /** Adds `n` entries and returns their ids. */
    add(n: number): string[] {
      const ids: string[] = [];
      growTo(count + n, (id) => ids.push(id));

      return ids;
    },
  };
}

export type Builder = ReturnType<typeof createBuilder>;

const ENTRY_SET = [
  "id",
  "requester",
  "question",
  "metadata",
  "deadline_at",
  "created_at",
];

/**
 * One multi-row insert of the template rows, with the `replaced` columns
 * set anew in every row; positional parameters, as named ones cost a
 * lookup each.
 */
function rowWriter(
  sqlite: Database.Database,
  table: string,
  rows: Row[],
  replaced: string[],
) {
  const columns = Object.keys(rows[0] ?? {});
  const tuple = `(${columns.map(() => "?").join(", ")})`;
  const statement = sqlite.prepare(
    `insert into ${table} (${columns.join(", ")}) ` +
      `values ${rows.map(() => tuple).join(", ")}`,
  );
  const values = rows.flatMap((row) => columns.map((c) => row[c]));
  const slots = replaced.map((column) => {
    const at = columns.indexOf(column);
    if (at < 0) {
      throw new Error(`${table} has no column ${column}`);
    }

    return rows.map((_, i) => i * columns.length + at);
  });

  return {
    write(...replacements: unknown[]): void {
      slots.forEach((places, i) => {
        for (const place of places) {
          values[place] = replacements[i];
        }
      });
      statement.run(...values);
    },
  };
}

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/**
 * An id in the registry's format (prefix, 10 characters of time, 16 random
 * ones), from a cheaper random source: these ids need not be unguessable.
 */
function bulkId(prefix: string, now: number): string {
  let time = "";
  let rest = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[rest % 32] + time;
    rest = Math.floor(rest / 32);
  }
  let random = "";
  for (let i = 0; i < 16; i++) {
    random += ALPHABET[Math.floor(Math.random() * 32)];
  }

  return `${prefix}_${time}${random}`;
}
