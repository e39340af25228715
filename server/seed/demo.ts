import { randomUUID } from "node:crypto";

import bcrypt from "bcryptjs";
import { inArray } from "drizzle-orm";

import type { Db } from "@/db/client";
import { groupMembers, users } from "@/db/schema";

import { seedCompany } from "./company";

export const DEMO_PASSWORD = "docket-demo";

export interface DemoAccount {
  email: string;
  name: string;
  role: "user" | "approver" | "admin";
  groups: string[];
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: "uma@example.com", name: "Uma", role: "user", groups: [] },
  {
    email: "ana@example.com",
    name: "Ana",
    role: "approver",
    groups: ["managers"],
  },
  { email: "ada@example.com", name: "Ada", role: "admin", groups: [] },
];

/** The demo accounts that exist in the database. */
export function findDemoAccounts(db: Db): DemoAccount[] {
  const present = new Set(
    db
      .select({ email: users.email })
      .from(users)
      .where(
        inArray(
          users.email,
          DEMO_ACCOUNTS.map((account) => account.email),
        ),
      )
      .all()
      .map((row) => row.email),
  );

  return DEMO_ACCOUNTS.filter((account) => present.has(account.email));
}

/**
 * Adds the demo accounts that are missing and leaves existing emails as
 * they are. Passwords are hashed before the transaction, which must stay
 * synchronous. Returns the emails it created.
 */
export async function seedDemo(db: Db): Promise<string[]> {
  const present = new Set(findDemoAccounts(db).map((a) => a.email));
  const missing = DEMO_ACCOUNTS.filter((a) => !present.has(a.email));
  const hashed = await Promise.all(
    missing.map(async (account) => ({
      account,
      passwordHash: await bcrypt.hash(DEMO_PASSWORD, 10),
    })),
  );
  const now = Date.now();

  seedCompany(db, now);

  return db.transaction((tx) => {
    const created: string[] = [];
    for (const { account, passwordHash } of hashed) {
      const id = randomUUID();
      const inserted = tx
        .insert(users)
        .values({
          id,
          email: account.email,
          name: account.name,
          role: account.role,
          passwordHash,
          createdAt: now,
        })
        .onConflictDoNothing({ target: users.email })
        .run();
      if (inserted.changes === 0) {
        continue;
      }
      for (const groupName of account.groups) {
        tx.insert(groupMembers).values({ groupName, userId: id }).run();
      }
      created.push(account.email);
    }

    return created;
  });
}
