import { groupMembers, users } from "@/db/schema";
import { loadUser, type Role } from "@/server/auth/users";
import type { Harness } from "@/server/registry/testing/helpers";

import { createCaller } from "../root";
import { contextFor } from "../trpc";

let counter = 0;

/** A user of the given role (and groups) in the harness's database. */
export function makeUser(h: Harness, role: Role, groups: string[] = []) {
  counter += 1;
  const id = `usr_test${counter}`;
  h.db
    .insert(users)
    .values({
      id,
      email: `${role}${counter}@example.com`,
      name: `${role} ${counter}`,
      role,
      passwordHash: "not used in these tests",
      createdAt: Date.now(),
    })
    .run();
  for (const group of groups) {
    h.db.insert(groupMembers).values({ groupName: group, userId: id }).run();
  }
  const user = loadUser(h.db, id);
  if (!user) {
    throw new Error("the user was just inserted");
  }

  return user;
}

/** A tRPC caller as this user, or as nobody. */
export function callerAs(h: Harness, user: ReturnType<typeof makeUser> | null) {
  return createCaller(contextFor({ db: h.db, registry: h.registry }, user));
}
