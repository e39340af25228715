import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { createMailer } from "@/server/delivery/mailer";
import { closedEntry, workersPerTest } from "@/server/delivery/testing/helpers";
import { listInbox } from "@/server/delivery/inbox";
import { approvalSpec, entrySpec } from "@/server/registry/testing/harness";
import {
  post,
  registriesPerTest,
  type Harness,
} from "@/server/registry/testing/helpers";

import { appRouter } from "../root";
import { callerAs, dataDirOf, makeUser } from "../testing/callers";

const fresh = registriesPerTest();
const workerOf = workersPerTest();

const ROLES = ["anonymous", "user", "approver", "admin"] as const;
type RoleName = (typeof ROLES)[number];
type Expected = "ok" | "UNAUTHORIZED" | "FORBIDDEN";

/**
 * A small world for one call: a person of each role, an approval waiting
 * for the managers, a closed call in the caller's inbox, a key and a mail.
 */
async function world(h: Harness, role: RoleName) {
  const people = {
    anonymous: null,
    user: makeUser(h, "user"),
    approver: makeUser(h, "approver", ["managers"]),
    admin: makeUser(h, "admin"),
  };
  const me = people[role];
  const approval = await h.registry.openEntry(approvalSpec());
  await post(h, approval.id, "budget", "ok");
  const own = await h.registry.openEntry(
    entrySpec({
      requester: me?.email ?? "nobody@example.com",
      channel: { kind: "chat", thread: "t-1" },
    }),
  );
  await closedEntry(h, { requester: me?.email ?? "nobody@example.com" });
  await workerOf(h).worker.drain();
  const inboxItem = listInbox(h.db, me?.email ?? "nobody@example.com")[0];
  const key = await callerAs(h, people.admin).admin.keys.create({
    name: "kept",
  });
  const mailer = createMailer({
    dataDir: dataDirOf(h),
    from: "Docket <docket@localhost>",
  });
  await mailer.send({
    id: "dlv_kept",
    to: "uma@example.com",
    subject: "Your answer",
    text: "Approved.",
    date: new Date(),
  });
  mailer.close();
  const abort = new AbortController();

  return {
    caller: callerAs(h, me, abort.signal),
    abort,
    people,
    approvalId: approval.id,
    ownEntryId: own.id,
    inboxItemId: inboxItem?.id ?? "inb_none",
    keyId: key.key.id,
  };
}

type World = Awaited<ReturnType<typeof world>>;

const SIGNED_IN: Record<RoleName, Expected> = {
  anonymous: "UNAUTHORIZED",
  user: "ok",
  approver: "ok",
  admin: "ok",
};
const APPROVERS: Record<RoleName, Expected> = {
  anonymous: "UNAUTHORIZED",
  user: "FORBIDDEN",
  approver: "ok",
  admin: "ok",
};
// Admins see every approval but act only on those assigned to them.
const DECIDERS: Record<RoleName, Expected> = {
  ...APPROVERS,
  admin: "FORBIDDEN",
};
const ADMINS: Record<RoleName, Expected> = {
  anonymous: "UNAUTHORIZED",
  user: "FORBIDDEN",
  approver: "FORBIDDEN",
  admin: "ok",
};

/** Every procedure of the console, how to call it, and who may. */
const PROCEDURES: Record<
  string,
  { roles: Record<RoleName, Expected>; call: (w: World) => Promise<unknown> }
> = {
  "admin.users.list": {
    roles: ADMINS,
    call: (w) => w.caller.admin.users.list(),
  },
  "admin.groups.list": {
    roles: ADMINS,
    call: (w) => w.caller.admin.groups.list(),
  },
  "admin.groups.add": {
    roles: ADMINS,
    call: (w) =>
      w.caller.admin.groups.add({
        userId: w.people.approver.id,
        group: "finance",
      }),
  },
  "admin.groups.remove": {
    roles: ADMINS,
    call: (w) =>
      w.caller.admin.groups.remove({
        userId: w.people.approver.id,
        group: "managers",
      }),
  },
  "admin.keys.list": {
    roles: ADMINS,
    call: (w) => w.caller.admin.keys.list(),
  },
  "admin.keys.create": {
    roles: ADMINS,
    call: (w) => w.caller.admin.keys.create({ name: "script" }),
  },
  "admin.keys.revoke": {
    roles: ADMINS,
    call: (w) => w.caller.admin.keys.revoke({ id: w.keyId }),
  },
  "admin.mail.list": {
    roles: ADMINS,
    call: (w) => w.caller.admin.mail.list(),
  },
  "admin.mail.read": {
    roles: ADMINS,
    call: (w) => w.caller.admin.mail.read({ id: "dlv_kept" }),
  },
  "approval.list": {
    roles: APPROVERS,
    call: (w) => w.caller.approval.list(),
  },
  "approval.get": {
    roles: APPROVERS,
    call: (w) =>
      w.caller.approval.get({ entryId: w.approvalId, key: "approval" }),
  },
  "approval.decide": {
    roles: DECIDERS,
    call: (w) =>
      w.caller.approval.decide({
        entryId: w.approvalId,
        key: "approval",
        decision: "approve",
      }),
  },
  "approval.claim": {
    roles: DECIDERS,
    call: (w) =>
      w.caller.approval.claim({ entryId: w.approvalId, key: "approval" }),
  },
  "approval.changes": {
    roles: APPROVERS,
    call: (w) => w.caller.approval.changes(),
  },
  "chat.threads": {
    roles: SIGNED_IN,
    call: (w) => w.caller.chat.threads(),
  },
  "chat.messages": {
    roles: SIGNED_IN,
    call: (w) => w.caller.chat.messages({ thread: "t-1" }),
  },
  "chat.status": {
    roles: SIGNED_IN,
    call: (w) => w.caller.chat.status({ entryId: w.ownEntryId }),
  },
  // A question without a trip in it: answered at once, nothing opened.
  "chat.ask": {
    roles: SIGNED_IN,
    call: (w) => w.caller.chat.ask({ question: "hello" }),
  },
  "chat.stream": {
    roles: SIGNED_IN,
    call: (w) => w.caller.chat.stream({ thread: "t-1" }),
  },
  "entry.list": {
    roles: ADMINS,
    call: (w) => w.caller.entry.list({ limit: 5 }),
  },
  "entry.get": {
    roles: ADMINS,
    call: (w) => w.caller.entry.get({ id: w.approvalId }),
  },
  "entry.changes": {
    roles: ADMINS,
    call: (w) => w.caller.entry.changes({ id: w.approvalId }),
  },
  "inbox.list": {
    roles: SIGNED_IN,
    call: (w) => w.caller.inbox.list(),
  },
  "inbox.unread": {
    roles: SIGNED_IN,
    call: (w) => w.caller.inbox.unread(),
  },
  "inbox.markRead": {
    roles: SIGNED_IN,
    call: (w) => w.caller.inbox.markRead({ id: w.inboxItemId }),
  },
  "inbox.changes": {
    roles: SIGNED_IN,
    call: (w) => w.caller.inbox.changes(),
  },
};

async function outcomeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (error === null) {
    return "ok";
  }

  return error instanceof TRPCError ? error.code : String(error);
}

describe("every procedure for every role", () => {
  it("has a case for each procedure of the root router", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();

    expect(Object.keys(PROCEDURES).sort()).toEqual(procedures);
  });

  const cases = Object.entries(PROCEDURES).flatMap(([path, spec]) =>
    ROLES.map((role) => ({ path, role, expected: spec.roles[role], spec })),
  );

  it.each(cases)("$path as $role: $expected", async (c) => {
    const h = fresh();
    const w = await world(h, c.role);

    const outcome = await outcomeOf(c.spec.call(w));
    w.abort.abort();

    expect(outcome).toBe(c.expected);
  });
});
