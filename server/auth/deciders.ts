import { eq, inArray, or } from "drizzle-orm";

import type { Db } from "@/db/client";
import { groupMembers, users } from "@/db/schema";
import type { DeciderCheck, Undecidable } from "@/server/registry/deciders";
import { isOwnRequest, mayDecide } from "@/server/registry/record-fragment";

import { loadUser, type SessionUser } from "./users";

const DECIDING_ROLES = ["approver", "admin"] as const;
const GROUP = "group:";

/**
 * The registry's check that a human expectation can be decided, by the
 * rules a decision meets when it comes: only a signed-in approver or admin
 * decides (the console's approval procedures), the assignee must name them
 * (`mayDecide`), and never the requester (`isOwnRequest`).
 */
export function deciderCheck(db: Db): DeciderCheck {
  return (requester, { assignee }) => {
    const people = candidates(db, assignee);
    const deciders = people.filter(
      (user) =>
        isDecidingRole(user) &&
        mayDecide({ assignee }, sessionActor(user)) &&
        !isOwnRequest(requester, user.email),
    );

    return deciders.length > 0 ? null : whyNot(requester, assignee, people);
  };
}

/**
 * Everyone the assignee could mean, whatever their role. With no assignee
 * any approver or admin decides: two of them are enough to know that one
 * is not the requester.
 */
function candidates(db: Db, assignee: string | null): SessionUser[] {
  const ids = !assignee
    ? db
        .select({ id: users.id })
        .from(users)
        .where(inArray(users.role, [...DECIDING_ROLES]))
        .limit(2)
        .all()
    : assignee.startsWith(GROUP)
      ? db
          .select({ id: groupMembers.userId })
          .from(groupMembers)
          .where(eq(groupMembers.groupName, assignee.slice(GROUP.length)))
          .all()
      : db
          .select({ id: users.id })
          .from(users)
          .where(or(eq(users.email, assignee), eq(users.id, assignee)))
          .all();

  return ids.flatMap(({ id }) => loadUser(db, id) ?? []);
}

function whyNot(
  requester: string,
  assignee: string | null,
  people: SessionUser[],
): Undecidable {
  const group = assignee?.startsWith(GROUP)
    ? assignee.slice(GROUP.length)
    : null;
  const own = (user: SessionUser) => isOwnRequest(requester, user.email);
  if (people.length === 0) {
    if (group !== null) {
      return { reason: "empty_group", message: `group "${group}" is empty` };
    }

    return assignee
      ? { reason: "unknown_user", message: `"${assignee}" is not a user` }
      : { reason: "no_approver", message: "there is no approver or admin" };
  }
  const deciding = people.filter(isDecidingRole);
  if ((deciding.length > 0 ? deciding : people).every(own)) {
    return {
      reason: "requester",
      message:
        "only the requester could decide it, and a request needs someone " +
        "other than the requester to decide",
    };
  }

  return {
    reason: "not_an_approver",
    message:
      group === null
        ? `"${assignee}" is not an approver or admin`
        : `group "${group}" has no approver or admin`,
  };
}

function isDecidingRole(user: SessionUser): boolean {
  return (DECIDING_ROLES as readonly string[]).includes(user.role);
}

function sessionActor(user: SessionUser) {
  return { ...user, userId: user.id };
}
