import fs from "node:fs";
import path from "node:path";

import { afterEach } from "vitest";

import type { Actor } from "../record-fragment";
import { createScheduler } from "../scheduler";
import type { Json, Outcome } from "../types";
import { apiKey, makeRegistry } from "./harness";

export type Harness = ReturnType<typeof makeRegistry>;

/**
 * Gives each test its own registries on fresh SQLite files, closed and
 * removed after the test.
 */
export function useRegistries() {
  const made: Harness[] = [];
  afterEach(async () => {
    for (const h of made.splice(0)) {
      await h.close();
      fs.rmSync(path.dirname(h.file), { recursive: true, force: true });
    }
  });

  return (options: Parameters<typeof makeRegistry>[0] = {}) => {
    const h = makeRegistry(options);
    made.push(h);

    return h;
  };
}

/** A scheduler driven by the harness clock; call `tick()` to fire. */
export function schedulerOf(h: Harness) {
  return createScheduler({ registry: h.registry, clock: () => h.clock.now });
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
