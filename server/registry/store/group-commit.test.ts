import fs from "node:fs";

import { describe, expect, it } from "vitest";

import { NotFoundError } from "../errors";
import { apiKey, entrySpec } from "../testing/harness";
import { registriesPerTest } from "../testing/helpers";

const fresh = registriesPerTest();

describe("steps that arrive together commit together", () => {
  it("shares one commit among the steps of one round", async () => {
    const h = fresh();
    const entries = await Promise.all(
      [1, 2, 3].map(() => h.registry.openEntry(entrySpec())),
    );
    const before = walCommits(h.file);

    const answers = await Promise.all(
      entries.map((entry) =>
        h.registry.recordFragment(
          entry.id,
          { key: "budget", outcome: "ok" },
          apiKey,
        ),
      ),
    );

    expect(answers.map((a) => a.disposition)).toEqual([
      "accepted",
      "accepted",
      "accepted",
    ]);
    expect(walCommits(h.file) - before).toBe(1);
    await h.registry.recordFragment(
      entries[0]?.id ?? "",
      { key: "policy", outcome: "ok" },
      apiKey,
    );
    expect(walCommits(h.file) - before).toBe(2);
  });

  it("undoes only the step that failed; the others land", async () => {
    const h = fresh();
    const a = await h.registry.openEntry(entrySpec());
    const b = await h.registry.openEntry(entrySpec());
    const heard: string[] = [];
    h.registry.events.on("timeline", (event) => heard.push(event.entryId));

    const results = await Promise.allSettled([
      h.registry.recordFragment(a.id, { key: "budget", outcome: "ok" }, apiKey),
      h.registry.recordFragment(
        "ent_00000000000000000000000000",
        { key: "budget", outcome: "ok" },
        apiKey,
      ),
      h.registry.recordFragment(b.id, { key: "policy", outcome: "ok" }, apiKey),
    ]);

    expect(results[0].status).toBe("fulfilled");
    expect(results[1].status).toBe("rejected");
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(
      NotFoundError,
    );
    expect(results[2].status).toBe("fulfilled");
    const stored = h.db.$client
      .prepare("select entry_id from fragments order by received_at")
      .pluck()
      .all();
    expect(stored.sort()).toEqual([a.id, b.id].sort());
    expect(new Set(heard)).toEqual(new Set([a.id, b.id]));
  });

  it("answers no one before the commit: a failed commit fails them all", async () => {
    const h = fresh();
    const a = await h.registry.openEntry(entrySpec());
    const b = await h.registry.openEntry(entrySpec());
    // Another connection holds the write lock past the busy timeout.
    const other = new (
      h.db.$client.constructor as new (
        file: string,
        options: object,
      ) => typeof h.db.$client
    )(h.file, { timeout: 0 });
    other.exec("begin immediate");
    h.db.$client.pragma("busy_timeout = 0");

    const results = await Promise.allSettled([
      h.registry.recordFragment(a.id, { key: "budget", outcome: "ok" }, apiKey),
      h.registry.recordFragment(b.id, { key: "budget", outcome: "ok" }, apiKey),
    ]);
    other.exec("rollback");
    other.close();

    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    const count = h.db.$client
      .prepare("select count(*) from fragments")
      .pluck()
      .get();
    expect(count).toBe(0);
  });
});

/**
 * Commits in the write-ahead log so far: frames whose header holds the
 * database size, which only a transaction's last frame does. Valid while
 * no checkpoint has restarted the log, as in a test this small.
 */
function walCommits(file: string): number {
  const wal = fs.readFileSync(`${file}-wal`);
  const pageSize = wal.readUInt32BE(8);
  let commits = 0;
  for (let at = 32; at + 24 <= wal.length; at += 24 + pageSize) {
    if (wal.readUInt32BE(at + 4) !== 0) {
      commits += 1;
    }
  }

  return commits;
}
