import { openDatabase, type Db } from "@/db/client";
import type { Actor } from "@/server/registry/record-fragment";
import { createRegistry, type Registry } from "@/server/registry/registry";
import type {
  EntrySpecInput,
  FragmentInputInput,
} from "@/server/registry/schemas";
import { SqliteStore } from "@/server/registry/store/sqlite";

/** Every bench entry waits for these four results (the default: all). */
export const KEYS = ["budget", "policy", "legal", "security"] as const;

export const actor: Actor = { type: "api_key", keyId: "key_bench" };

export interface Bench {
  db: Db;
  registry: Registry;
}

/** A registry on its own SQLite file, as the server opens it. */
export function openBench(file: string): Bench {
  const db = openDatabase(file);
  const registry = createRegistry({
    store: new SqliteStore(db),
    deciders: null,
  });

  return { db, registry };
}

export function entrySpec(n: number, deadline = "1h"): EntrySpecInput {
  return {
    requester: `user${n % 200}@example.com`,
    question: `May order ${n} of 1,250 EUR go out this week?`,
    channel: { kind: "inbox" },
    expect: [
      { key: "budget", kind: "tool" },
      { key: "policy", kind: "agent" },
      { key: "legal", kind: "agent" },
      { key: "security", kind: "tool" },
    ],
    deadline,
    metadata: { team: "purchasing", order: n },
  };
}

/** An ok result with a small payload, as a tool or agent would post. */
export function okFragment(key: string): FragmentInputInput {
  return {
    key,
    outcome: "ok",
    payload: { approved: true, amount: 1250, note: "within the limit" },
    source: "bench",
  };
}
