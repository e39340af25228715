import { asc } from "drizzle-orm";

import type { Db } from "@/db/client";
import { groupMembers, users } from "@/db/schema";

export interface UserListItem {
  id: string;
  email: string;
  name: string;
  role: "user" | "approver" | "admin";
  groups: string[];
  createdAt: number;
}

/** Every account with its groups, by email; never the password hash. */
export function listUsers(db: Db): UserListItem[] {
  const rows = db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(users.email))
    .all();
  const groups = new Map<string, string[]>();
  for (const member of db.select().from(groupMembers).all()) {
    groups.set(member.userId, [
      ...(groups.get(member.userId) ?? []),
      member.groupName,
    ]);
  }

  return rows.map((row) => ({
    ...row,
    groups: (groups.get(row.id) ?? []).sort(),
  }));
}
