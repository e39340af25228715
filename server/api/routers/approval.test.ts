import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { entrySpec } from "@/server/registry/testing/harness";
import {
  post,
  registriesPerTest,
  type Harness,
} from "@/server/registry/testing/helpers";

import { callerAs, makeUser } from "../testing/callers";

const fresh = registriesPerTest();

async function spendRequest(h: Harness) {
  const opened = await h.registry.openEntry(
    entrySpec({
      expect: [
        { key: "budget", kind: "tool" },
        {
          key: "approval",
          kind: "human",
          assignee: "group:managers",
          after: ["budget"],
          prompt: "Approve this spend?",
        },
      ],
      veto: ["approval"],
    }),
  );
  await post(h, opened.id, "budget", "ok", { payload: { left: 900 } });

  return opened.id;
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);

  return (error as TRPCError).code;
}

describe("approval procedures", () => {
  it("list what a manager may decide, with the draft", async () => {
    const h = fresh();
    const id = await spendRequest(h);
    const ana = makeUser(h, "approver", ["managers"]);

    const list = await callerAs(h, ana).approval.list();

    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      entryId: id,
      key: "approval",
      canDecide: true,
      prompt: "Approve this spend?",
      draft: [{ key: "budget", outcome: "ok", payload: { left: 900 } }],
    });
  });

  it("hide another group's approvals and refuse to act on them", async () => {
    const h = fresh();
    const id = await spendRequest(h);
    const other = makeUser(h, "approver", ["finance"]);
    const caller = callerAs(h, other);

    expect(await caller.approval.list()).toEqual([]);
    const target = { entryId: id, key: "approval" };
    expect(await refusal(caller.approval.get(target))).toBe("NOT_FOUND");
    expect(
      await refusal(caller.approval.decide({ ...target, decision: "approve" })),
    ).toBe("NOT_FOUND");
    expect(await refusal(caller.approval.claim(target))).toBe("NOT_FOUND");
    const record = await h.registry.getEntry(id);
    expect(record.entry.state).toBe("open");
  });

  it("refuse users and nobody", async () => {
    const h = fresh();
    const id = await spendRequest(h);
    const uma = makeUser(h, "user");
    const target = { entryId: id, key: "approval" };

    expect(await refusal(callerAs(h, uma).approval.list())).toBe("FORBIDDEN");
    expect(
      await refusal(
        callerAs(h, uma).approval.decide({ ...target, decision: "approve" }),
      ),
    ).toBe("FORBIDDEN");
    expect(await refusal(callerAs(h, null).approval.list())).toBe(
      "UNAUTHORIZED",
    );
  });

  it("let admins see every approval but decide only their own", async () => {
    const h = fresh();
    const id = await spendRequest(h);
    const ada = makeUser(h, "admin");
    const caller = callerAs(h, ada);

    const list = await caller.approval.list();

    expect(list[0]).toMatchObject({ entryId: id, canDecide: false });
    expect(
      await refusal(
        caller.approval.decide({
          entryId: id,
          key: "approval",
          decision: "approve",
        }),
      ),
    ).toBe("FORBIDDEN");
  });

  it("apply the first decision and record the second", async () => {
    const h = fresh();
    const id = await spendRequest(h);
    const ana = callerAs(h, makeUser(h, "approver", ["managers"]));
    const bob = callerAs(h, makeUser(h, "approver", ["managers"]));
    const target = { entryId: id, key: "approval" };

    const [first, second] = await Promise.all([
      ana.approval.decide({ ...target, decision: "approve", comment: "ok" }),
      bob.approval.decide({ ...target, decision: "reject" }),
    ]);

    expect(first).toMatchObject({ applied: true, entryState: "closed" });
    expect(second.applied).toBe(false);
    expect(["duplicate", "late"]).toContain(second.disposition);
    const record = await h.registry.getEntry(id);
    expect(record.closure?.reason).toBe("criterion_met");
    const decisions = record.fragments.filter((f) => f.key === "approval");
    expect(decisions).toHaveLength(2);
  });

  it("a rejection vetoes the entry", async () => {
    const h = fresh();
    const id = await spendRequest(h);
    const ana = callerAs(h, makeUser(h, "approver", ["managers"]));

    const result = await ana.approval.decide({
      entryId: id,
      key: "approval",
      decision: "reject",
      comment: "over budget",
    });

    expect(result).toMatchObject({ applied: true, reason: "vetoed" });
  });

  it("a claim shows who is on it", async () => {
    const h = fresh();
    const id = await spendRequest(h);
    const user = makeUser(h, "approver", ["managers"]);
    const ana = callerAs(h, user);

    await ana.approval.claim({ entryId: id, key: "approval" });

    const item = await ana.approval.get({ entryId: id, key: "approval" });
    expect(item.claimedBy).toBe(user.email);
  });
});
