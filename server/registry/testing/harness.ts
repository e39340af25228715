import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { openDatabase, type Db } from "@/db/client";

import type { DeciderCheck } from "../deciders";
import { createRegistry } from "../registry";
import type { Actor } from "../record-fragment";
import type { EntrySpecInput } from "../schemas";
import { SqliteStore } from "../store/sqlite";

export const system: Actor = { type: "system" };
export const apiKey: Actor = { type: "api_key", keyId: "key_test" };

/**
 * A registry on a fresh SQLite file in a temporary folder, with a clock.
 * It takes every assignee on trust unless given a check of deciders.
 */
export function makeRegistry(
  options: {
    file?: string;
    bufferTtlMs?: number;
    streamLimitBytes?: number;
    deciders?: (db: Db) => DeciderCheck;
  } = {},
) {
  const file =
    options.file ??
    path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), "docket-test-")),
      "db.sqlite",
    );
  const db = openDatabase(file);
  const clock = { now: Date.parse("2026-05-01T12:00:00Z") };
  const registry = createRegistry({
    store: new SqliteStore(db),
    deciders: options.deciders?.(db) ?? null,
    clock: () => clock.now,
    bufferTtlMs: options.bufferTtlMs ?? 60_000,
    streamLimitBytes: options.streamLimitBytes,
  });

  return {
    file,
    db,
    registry,
    clock,
    advance(ms: number) {
      clock.now += ms;
    },
    close: () => registry.store.close(),
  };
}

let counter = 0;

/** An entry spec with sensible defaults; override what the test is about. */
export function entrySpec(
  overrides: Partial<EntrySpecInput> = {},
): EntrySpecInput {
  counter += 1;

  return {
    requester: `user${counter}@example.com`,
    question: `question ${counter}`,
    channel: { kind: "inbox" },
    expect: [
      { key: "budget", kind: "tool" },
      { key: "policy", kind: "agent" },
    ],
    ...overrides,
  };
}

/**
 * A spend request: a budget tool, then a managers' approval that waits
 * for it and may veto. Override what the test is about.
 */
export function approvalSpec(
  overrides: Partial<EntrySpecInput> = {},
): EntrySpecInput {
  return entrySpec({
    expect: [
      { key: "budget", kind: "tool" },
      {
        key: "approval",
        kind: "human",
        assignee: "group:managers",
        after: ["budget"],
        prompt: "Approve this spend?",
      },
    ],
    veto: ["approval"],
    ...overrides,
  });
}
