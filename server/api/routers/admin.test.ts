import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { findApiKey } from "@/server/auth/api-keys";
import { registriesPerTest } from "@/server/registry/testing/helpers";

import { callerAs, makeUser } from "../testing/callers";

const fresh = registriesPerTest();

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );

  return error instanceof TRPCError ? error.code : null;
}

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
