import path from "node:path";

import { TRPCError } from "@trpc/server";

import { createUser, type Role } from "@/server/auth/users";
import { LiveBus } from "@/server/delivery/live";
import { createPresence, type Presence } from "@/server/delivery/presence";
import type { Harness } from "@/server/registry/testing/helpers";

import { createCaller } from "../root";
import { contextFor } from "../trpc";

let counter = 0;

/** A user of the given role (and groups) in the harness's database. */
export function makeUser(
  h: Harness,
  role: Role,
  groups: string[] = [],
  email?: string,
) {
  counter += 1;

  return createUser(h.db, {
    id: `usr_test${counter}`,
    email: email ?? `${role}${counter}@example.com`,
    name: `${role} ${counter}`,
    role,
    passwordHash: "not used in these tests",
    groups,
  });
}

const live = new WeakMap<Harness, { live: LiveBus; presence: Presence }>();

/** The live bus and presence of a harness, made once per harness. */
export function liveOf(h: Harness) {
  const made = live.get(h) ?? {
    live: new LiveBus(),
    presence: createPresence(),
  };
  live.set(h, made);

  return made;
}

/** The data folder of a harness: beside its database, removed with it. */
export function dataDirOf(h: Harness): string {
  return path.dirname(h.file);
}

/** A tRPC caller as this user, or as nobody. */
export function callerAs(
  h: Harness,
  user: ReturnType<typeof makeUser> | null,
  signal?: AbortSignal,
) {
  const runtime = {
    db: h.db,
    registry: h.registry,
    dataDir: dataDirOf(h),
    mailKind: "files" as const,
    ...liveOf(h),
  };

  return createCaller(contextFor(runtime, user), { signal });
}

/** The tRPC code a call was refused with, or null when it was not. */
export async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );

  return error instanceof TRPCError ? error.code : null;
}
