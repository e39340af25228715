import fs from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { findApiKey } from "@/server/auth/api-keys";
import { loadUser } from "@/server/auth/users";
import { readMail } from "@/server/delivery/mailbox";
import { createMailer, mailFolder } from "@/server/delivery/mailer";
import { entrySpec } from "@/server/registry/testing/harness";
import {
  registriesPerTest,
  type Harness,
} from "@/server/registry/testing/helpers";

import { callerAs, codeOf, dataDirOf, makeUser } from "../testing/callers";

const fresh = registriesPerTest();

describe("admin procedures", () => {
  it("list every user with role and groups, and no password", async () => {
    const h = fresh();
    const ana = makeUser(h, "approver", ["managers", "finance"]);
    const ada = makeUser(h, "admin");

    const list = await callerAs(h, ada).admin.users.list();

    expect(list).toContainEqual(
      expect.objectContaining({
        id: ana.id,
        email: ana.email,
        role: "approver",
        groups: ["finance", "managers"],
      }),
    );
    expect(list.find((u) => u.id === ada.id)?.groups).toEqual([]);
    expect(JSON.stringify(list)).not.toContain("password");
  });

  it("create a key whose secret is shown once and works", async () => {
    const h = fresh();
    const admin = callerAs(h, makeUser(h, "admin"));

    const made = await admin.admin.keys.create({ name: "  reports  " });
    const list = await admin.admin.keys.list();

    expect(made.key).toMatchObject({ name: "reports", revokedAt: null });
    expect(made.secret.startsWith(made.key.prefix)).toBe(true);
    expect(findApiKey(h.db, made.secret)?.id).toBe(made.key.id);
    expect(list.map((k) => k.id)).toContain(made.key.id);
    expect(JSON.stringify(list)).not.toContain(made.secret);
  });

  it("revoke a key: it stops working, a second revoke changes nothing", async () => {
    const h = fresh();
    const admin = callerAs(h, makeUser(h, "admin"));
    const made = await admin.admin.keys.create({ name: "old script" });

    const first = await admin.admin.keys.revoke({ id: made.key.id });
    const again = await admin.admin.keys.revoke({ id: made.key.id });

    expect(first?.revokedAt).toEqual(expect.any(Number));
    expect(again?.revokedAt).toBe(first?.revokedAt);
    expect(findApiKey(h.db, made.secret)).toBeNull();
  });

  it("answer not found for an unknown key and refuse a blank name", async () => {
    const h = fresh();
    const admin = callerAs(h, makeUser(h, "admin"));

    expect(await codeOf(admin.admin.keys.revoke({ id: "key_nope" }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(admin.admin.keys.create({ name: "   " }))).toBe(
      "BAD_REQUEST",
    );
  });

  it("refuse users, approvers and nobody", async () => {
    const h = fresh();
    const made = await callerAs(h, makeUser(h, "admin")).admin.keys.create({
      name: "kept",
    });
    const callers = [
      { caller: callerAs(h, makeUser(h, "user")), code: "FORBIDDEN" },
      {
        caller: callerAs(h, makeUser(h, "approver", ["managers"])),
        code: "FORBIDDEN",
      },
      { caller: callerAs(h, null), code: "UNAUTHORIZED" },
    ];

    for (const { caller, code } of callers) {
      expect(await codeOf(caller.admin.users.list())).toBe(code);
      expect(await codeOf(caller.admin.keys.list())).toBe(code);
      expect(await codeOf(caller.admin.keys.create({ name: "x" }))).toBe(code);
      expect(await codeOf(caller.admin.keys.revoke({ id: made.key.id }))).toBe(
        code,
      );
    }
    expect(findApiKey(h.db, made.secret)?.id).toBe(made.key.id);
  });
});

describe("admin groups", () => {
  it("list groups with their members, by name", async () => {
    const h = fresh();
    const ana = makeUser(h, "approver", ["managers", "finance"]);
    const bob = makeUser(h, "approver", ["managers"]);
    const admin = callerAs(h, makeUser(h, "admin"));

    const groups = await admin.admin.groups.list();

    expect(groups.map((g) => g.name)).toEqual(["finance", "managers"]);
    expect(groups[1]?.members.map((m) => m.id).sort()).toEqual(
      [ana.id, bob.id].sort(),
    );
  });

  it("add an approver to a group: approvals for it reach them", async () => {
    const h = fresh();
    const bob = makeUser(h, "approver");
    const admin = callerAs(h, makeUser(h, "admin"));
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [{ key: "sign_off", kind: "human", assignee: "group:finance" }],
      }),
    );
    expect(await callerAs(h, bob).approval.list()).toEqual([]);

    const first = await admin.admin.groups.add({
      userId: bob.id,
      group: " Finance ",
    });
    const again = await admin.admin.groups.add({
      userId: bob.id,
      group: "finance",
    });

    expect(first).toEqual({ added: true });
    expect(again).toEqual({ added: false });
    expect(loadUser(h.db, bob.id)?.groups).toEqual(["finance"]);
    const fresher = loadUser(h.db, bob.id);
    const list = await callerAs(h, fresher).approval.list();
    expect(list.map((item) => item.entryId)).toEqual([id]);
  });

  it("remove a member; a second removal is not found", async () => {
    const h = fresh();
    const ana = makeUser(h, "approver", ["managers", "finance"]);
    const admin = callerAs(h, makeUser(h, "admin"));

    await admin.admin.groups.remove({ userId: ana.id, group: "finance" });

    expect(loadUser(h.db, ana.id)?.groups).toEqual(["managers"]);
    expect(
      await codeOf(
        admin.admin.groups.remove({ userId: ana.id, group: "finance" }),
      ),
    ).toBe("NOT_FOUND");
  });

  it("refuse plain users, unknown people and bad names", async () => {
    const h = fresh();
    const uma = makeUser(h, "user");
    const ana = makeUser(h, "approver");
    const admin = callerAs(h, makeUser(h, "admin"));
    const add = (userId: string, group: string) =>
      codeOf(admin.admin.groups.add({ userId, group }));

    expect(await add(uma.id, "managers")).toBe("BAD_REQUEST");
    expect(await add("usr_nope", "managers")).toBe("NOT_FOUND");
    for (const group of ["", "group:managers", "a b", "../x", "-x"]) {
      expect(await add(ana.id, group), group).toBe("BAD_REQUEST");
    }
    expect(loadUser(h.db, uma.id)?.groups).toEqual([]);
    expect(loadUser(h.db, ana.id)?.groups).toEqual([]);
  });

  it("refuse users, approvers and nobody", async () => {
    const h = fresh();
    const ana = makeUser(h, "approver", ["managers"]);
    const callers = [
      { caller: callerAs(h, makeUser(h, "user")), code: "FORBIDDEN" },
      { caller: callerAs(h, ana), code: "FORBIDDEN" },
      { caller: callerAs(h, null), code: "UNAUTHORIZED" },
    ];
    const change = { userId: ana.id, group: "finance" };

    for (const { caller, code } of callers) {
      expect(await codeOf(caller.admin.groups.list())).toBe(code);
      expect(await codeOf(caller.admin.groups.add(change))).toBe(code);
      expect(
        await codeOf(
          caller.admin.groups.remove({ userId: ana.id, group: "managers" }),
        ),
      ).toBe(code);
    }
    expect(loadUser(h.db, ana.id)?.groups).toEqual(["managers"]);
  });
});

describe("admin mail", () => {
  /** Writes a message as the mailer does when there is no SMTP server. */
  async function written(h: Harness, id: string, to: string) {
    const mailer = createMailer({
      dataDir: dataDirOf(h),
      from: "Docket <docket@localhost>",
    });
    await mailer.send({
      id,
      to,
      subject: "Yes — you can book SFO → JFK",
      text: "Approved by Ana.\nBudget: $1,200 left.",
      date: new Date("2026-05-01T12:00:00Z"),
    });
    mailer.close();
  }

  it("list the mail kept as files and read one as text", async () => {
    const h = fresh();
    const admin = callerAs(h, makeUser(h, "admin"));
    await written(h, "dlv_first", "uma@example.com");
    await written(h, "dlv_second", "ana@example.com");

    const list = await admin.admin.mail.list();
    const mail = await admin.admin.mail.read({ id: "dlv_first" });

    expect(list.kind).toBe("files");
    expect(list.messages.map((m) => m.id).sort()).toEqual([
      "dlv_first",
      "dlv_second",
    ]);
    expect(list.messages.find((m) => m.id === "dlv_second")).toMatchObject({
      to: "ana@example.com",
      subject: "Yes — you can book SFO → JFK",
      date: "Fri, 01 May 2026 12:00:00 +0000",
    });
    expect(mail).toMatchObject({ id: "dlv_first", to: "uma@example.com" });
    expect(mail.text).toContain("Approved by Ana.");
    expect(mail).not.toHaveProperty("raw");
  });

  it("list nothing before any mail is written", async () => {
    const h = fresh();
    const admin = callerAs(h, makeUser(h, "admin"));

    expect(await admin.admin.mail.list()).toEqual({
      kind: "files",
      messages: [],
    });
  });

  it("answer not found for an unknown id and refuse paths", async () => {
    const h = fresh();
    const admin = callerAs(h, makeUser(h, "admin"));
    await written(h, "dlv_kept", "uma@example.com");
    // A message-like file outside the mail folder must stay out of reach.
    fs.writeFileSync(
      path.join(dataDirOf(h), "outside.eml"),
      "Subject: outside\n\nnot mail of this Docket",
    );

    expect(await codeOf(admin.admin.mail.read({ id: "dlv_nope" }))).toBe(
      "NOT_FOUND",
    );
    for (const id of ["../outside", "..", "a/../../outside", "%2e%2e"]) {
      expect(await codeOf(admin.admin.mail.read({ id })), id).toBe(
        "BAD_REQUEST",
      );
    }
    expect(readMail("../outside", mailFolder(dataDirOf(h)))).toBeNull();
  });

  it("refuses users, approvers and nobody", async () => {
    const h = fresh();
    await written(h, "dlv_private", "uma@example.com");
    const callers = [
      { caller: callerAs(h, makeUser(h, "user")), code: "FORBIDDEN" },
      {
        caller: callerAs(h, makeUser(h, "approver", ["managers"])),
        code: "FORBIDDEN",
      },
      { caller: callerAs(h, null), code: "UNAUTHORIZED" },
    ];

    for (const { caller, code } of callers) {
      expect(await codeOf(caller.admin.mail.list())).toBe(code);
      expect(await codeOf(caller.admin.mail.read({ id: "dlv_private" }))).toBe(
        code,
      );
    }
  });
});
