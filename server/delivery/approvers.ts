import { eq, inArray, or } from "drizzle-orm";

import type { Db } from "@/db/client";
import { groupMembers, users } from "@/db/schema";

export interface Approver {
  userId: string;
  email: string;
  name: string;
}

export interface ApproverChoice {
  approvers: Approver[];
  choice: string;
  reason: string;
}

const columns = { userId: users.id, email: users.email, name: users.name };

/**
 * Who is asked to decide a human expectation: its assignee (a user, by
 * email or id), the members of `group:NAME`, or with no assignee everyone
 * who may approve. Only users can sign in to decide, so only they are
 * asked; an assignee who is not one is reported, not emailed.
 */
export function findApprovers(db: Db, assignee: string | null): ApproverChoice {
  if (!assignee) {
    const approvers = db
      .select(columns)
      .from(users)
      .where(inArray(users.role, ["approver", "admin"]))
      .orderBy(users.email)
      .all();

    return {
      approvers,
      choice: "all approvers",
      reason: "no assignee: everyone who may approve is asked",
    };
  }
  if (assignee.startsWith("group:")) {
    const group = assignee.slice("group:".length);
    const approvers = db
      .select(columns)
      .from(groupMembers)
      .innerJoin(users, eq(users.id, groupMembers.userId))
      .where(eq(groupMembers.groupName, group))
      .orderBy(users.email)
      .all();
    const reason =
      approvers.length > 0
        ? `the members of group "${group}"`
        : `group "${group}" has no members: nobody is emailed`;

    return { approvers, choice: assignee, reason };
  }
  const user = db
    .select(columns)
    .from(users)
    .where(
      or(
        eq(users.email, assignee.trim().toLowerCase()),
        eq(users.id, assignee),
      ),
    )
    .get();

  return {
    approvers: user ? [user] : [],
    choice: assignee,
    reason: user
      ? "the assignee"
      : `"${assignee}" is not a user who can sign in: nobody is emailed`,
  };
}
