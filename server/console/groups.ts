import { and, asc, eq } from "drizzle-orm";

import type { Db } from "@/db/client";
import { groupMembers, users } from "@/db/schema";
import { NotFoundError, ValidationError } from "@/server/registry/errors";

export interface GroupItem {
  name: string;
  members: { id: string; email: string; name: string }[];
}

/** Every approver group with its members, by name; a group is its members. */
export function listGroups(db: Db): GroupItem[] {
  const rows = db
    .select({
      group: groupMembers.groupName,
      id: users.id,
      email: users.email,
      name: users.name,
    })
    .from(groupMembers)
    .innerJoin(users, eq(users.id, groupMembers.userId))
    .orderBy(asc(groupMembers.groupName), asc(users.email))
    .all();
  const groups = new Map<string, GroupItem>();
  for (const { group, ...member } of rows) {
    const item = groups.get(group) ?? { name: group, members: [] };
    item.members.push(member);
    groups.set(group, item);
  }

  return [...groups.values()];
}

/**
 * Puts an approver or admin in a group, so approvals assigned to
 * `group:NAME` reach them. Adding a member twice changes nothing.
 */
export function addGroupMember(db: Db, userId: string, group: string) {
  const user = db
    .select({ role: users.role })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!user) {
    throw new NotFoundError("no such user", { userId });
  }
  if (user.role === "user") {
    throw new ValidationError(
      "only approvers and admins can be in an approver group",
      { userId, role: user.role },
    );
  }
  const added = db
    .insert(groupMembers)
    .values({ groupName: group, userId })
    .onConflictDoNothing()
    .run();

  return { added: added.changes > 0 };
}

/** Takes someone out of a group; not found when they were not in it. */
export function removeGroupMember(db: Db, userId: string, group: string) {
  const removed = db
    .delete(groupMembers)
    .where(
      and(eq(groupMembers.userId, userId), eq(groupMembers.groupName, group)),
    )
    .run();
  if (removed.changes === 0) {
    throw new NotFoundError("not a member of that group", { userId, group });
  }

  return { removed: true };
}
