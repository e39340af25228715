import type Database from "better-sqlite3";

/** What a write leaves behind, counted table by table. */
const COUNTS = {
  fragments: "select count(*) from fragments",
  timelineEvents: "select count(*) from timeline_events",
  resolvedExpectations:
    "select count(*) from expectations where state = 'resolved'",
  closedEntries: "select count(*) from entries where state = 'closed'",
  closures: "select count(*) from closures",
  outbox: "select count(*) from outbox",
  timers: "select count(*) from timers",
} as const;

export type RowCounts = Record<keyof typeof COUNTS, number>;

export function countRows(sqlite: Database.Database): RowCounts {
  const counts = {} as RowCounts;
  for (const [name, query] of Object.entries(COUNTS)) {
    const value = sqlite.prepare(query).pluck().get() as number;
    counts[name as keyof RowCounts] = value;
  }

  return counts;
}

/** Rows added (or, for timers, removed) per fragment between two counts. */
export function perFragment(
  before: RowCounts,
  after: RowCounts,
  fragments: number,
): RowCounts {
  const result = {} as RowCounts;
  for (const name of Object.keys(COUNTS) as (keyof RowCounts)[]) {
    const delta = after[name] - before[name];
    result[name] = Number((delta / fragments).toFixed(4));
  }

  return result;
}

export function sameRows(a: RowCounts, b: RowCounts): boolean {
  return (Object.keys(COUNTS) as (keyof RowCounts)[]).every(
    (name) => a[name] === b[name],
  );
}
