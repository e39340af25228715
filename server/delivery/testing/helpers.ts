import path from "node:path";

import { eq } from "drizzle-orm";
import pino from "pino";
import { afterEach } from "vitest";

import { deliveries, groupMembers, users } from "@/db/schema";
import { entrySpec } from "@/server/registry/testing/harness";
import { post, type Harness } from "@/server/registry/testing/helpers";
import type { EntrySpecInput } from "@/server/registry/schemas";

import { LiveBus, type LiveEvent } from "../live";
import { createPresence } from "../presence";
import { relayTimeline } from "../relay";
import { createDeliveryWorker, type WorkerOptions } from "../worker";

export const SECRET = "test-runtime-secret-0123456789abcdef";
export const PUBLIC_URL = "http://127.0.0.1:3999";

/**
 * Gives each test delivery workers over its registries, stopped after the
 * test (before the registries' files are removed, as after-hooks run in
 * reverse). The worker's clock is the harness clock.
 */
export function workersPerTest() {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) {
      await stop();
    }
  });

  return (h: Harness, options: Partial<WorkerOptions> = {}) => {
    const presence = createPresence();
    const live = new LiveBus();
    const heard: LiveEvent[] = [];
    live.on("live", (event) => heard.push(event));
    const stopRelay = relayTimeline({
      registry: h.registry,
      db: h.db,
      bus: live,
    });
    const worker = createDeliveryWorker({
      registry: h.registry,
      db: h.db,
      presence,
      live,
      secret: SECRET,
      publicUrl: PUBLIC_URL,
      dataDir: path.dirname(h.file),
      clock: () => h.clock.now,
      logger: pino({ level: "silent" }),
      retry: { baseMs: 1_000, maxMs: 60_000, maxAttempts: 5 },
      ...options,
    });
    stops.push(async () => {
      await worker.stop();
      stopRelay();
    });

    return { worker, presence, live, heard };
  };
}

/** Opens an entry with one tool expectation and closes it with `payload`. */
export async function closedEntry(
  h: Harness,
  overrides: Partial<EntrySpecInput> = {},
  payload: unknown = { remaining: 1200 },
) {
  const { id } = await h.registry.openEntry(
    entrySpec({ expect: [{ key: "budget", kind: "tool" }], ...overrides }),
  );
  await post(h, id, "budget", "ok", { payload: payload as never });

  return id;
}

export function deliveriesOf(h: Harness, entryId: string) {
  return h.db
    .select()
    .from(deliveries)
    .where(eq(deliveries.entryId, entryId))
    .all()
    .sort((a, b) => a.channel.localeCompare(b.channel));
}

/** A user who can sign in, in the groups given. */
export function addUser(
  h: Harness,
  email: string,
  role: "user" | "approver" | "admin",
  groups: string[] = [],
) {
  const id = `usr_${email.split("@")[0]}`;
  h.db
    .insert(users)
    .values({
      id,
      email,
      name: email.split("@")[0] ?? email,
      role,
      passwordHash: "x",
      createdAt: 0,
    })
    .run();
  for (const groupName of groups) {
    h.db.insert(groupMembers).values({ groupName, userId: id }).run();
  }

  return id;
}
