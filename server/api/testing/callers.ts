import { createUser, type Role } from "@/server/auth/users";
import type { Harness } from "@/server/registry/testing/helpers";

import { createCaller } from "../root";
import { contextFor } from "../trpc";

let counter = 0;

/** A user of the given role (and groups) in the harness's database. */
export function makeUser(h: Harness, role: Role, groups: string[] = []) {
  counter += 1;

  return createUser(h.db, {
    id: `usr_test${counter}`,
    email: `${role}${counter}@example.com`,
    name: `${role} ${counter}`,
    role,
    passwordHash: "not used in these tests",
    groups,
  });
}

/** A tRPC caller as this user, or as nobody. */
export function callerAs(h: Harness, user: ReturnType<typeof makeUser> | null) {
  return createCaller(contextFor({ db: h.db, registry: h.registry }, user));
}
