import bcrypt from "bcryptjs";
import { eq } from "drizzle-orm";

import type { Db } from "@/db/client";
import { groupMembers, users } from "@/db/schema";

export type Role = "user" | "approver" | "admin";

/** A signed-in person as the server sees them on each request. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  groups: string[];
}

/** The user whose password matches, or null; the same time either way. */
export async function checkPassword(
  db: Db,
  email: string,
  password: string,
): Promise<SessionUser | null> {
  const row = db
    .select()
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()))
    .get();
  // Compare against a fixed hash when there is no such user, so the answer
  // takes as long as for a wrong password.
  const hash = row?.passwordHash ?? unknownUserHash();
  const ok = await bcrypt.compare(password, hash);

  return ok && row ? loadUser(db, row.id) : null;
}

let decoy: string | undefined;

function unknownUserHash(): string {
  decoy ??= bcrypt.hashSync("no such user", 10);

  return decoy;
}

/** The user with their current role and groups, or null. */
export function loadUser(db: Db, id: string): SessionUser | null {
  const row = db.select().from(users).where(eq(users.id, id)).get();
  if (!row) {
    return null;
  }
  const groups = db
    .select({ name: groupMembers.groupName })
    .from(groupMembers)
    .where(eq(groupMembers.userId, id))
    .all()
    .map((g) => g.name);

  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    groups,
  };
}

/** Adds a person with a hashed password and their groups, in one go. */
export function createUser(
  db: Db,
  input: {
    id: string;
    email: string;
    name: string;
    role: Role;
    passwordHash: string;
    groups?: string[];
  },
): SessionUser {
  db.transaction((tx) => {
    tx.insert(users)
      .values({
        id: input.id,
        email: input.email.trim().toLowerCase(),
        name: input.name,
        role: input.role,
        passwordHash: input.passwordHash,
        createdAt: Date.now(),
      })
      .run();
    for (const group of input.groups ?? []) {
      tx.insert(groupMembers)
        .values({ groupName: group, userId: input.id })
        .run();
    }
  });
  const user = loadUser(db, input.id);
  if (!user) {
    throw new Error(`user ${input.id} was not written`);
  }

  return user;
}

/** The user with this email, with role and groups, or null. */
export function loadUserByEmail(db: Db, email: string): SessionUser | null {
  const row = db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()))
    .get();

  return row ? loadUser(db, row.id) : null;
}
