import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { approvalSpec, entrySpec } from "@/server/registry/testing/harness";
import {
  post,
  registriesPerTest,
  type Harness,
} from "@/server/registry/testing/helpers";

import { callerAs, makeUser } from "../testing/callers";

const fresh = registriesPerTest();

async function spendRequest(h: Harness) {
  const opened = await h.registry.openEntry(approvalSpec());
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

describe("approvals assigned to one person", () => {
  it("keep another approver of the same group from seeing or acting", async () => {
    const h = fresh();
    const ana = makeUser(h, "approver", ["managers"]);
    const bob = callerAs(h, makeUser(h, "approver", ["managers"]));
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [{ key: "approval", kind: "human", assignee: ana.email }],
      }),
    );
    const target = { entryId: id, key: "approval" };

    expect(await bob.approval.list()).toEqual([]);
    expect(await refusal(bob.approval.get(target))).toBe("NOT_FOUND");
    expect(await refusal(bob.approval.claim(target))).toBe("NOT_FOUND");
    expect(
      await refusal(bob.approval.decide({ ...target, decision: "reject" })),
    ).toBe("NOT_FOUND");
    const record = await h.registry.getEntry(id);
    expect(record.entry.state).toBe("open");
    expect(record.fragments).toEqual([]);
    const mine = await callerAs(h, ana).approval.list();
    expect(mine.map((item) => item.entryId)).toEqual([id]);
  });
});

/** Reads a person's live approval changes until `stop`. */
async function changesOf(h: Harness, user: ReturnType<typeof makeUser>) {
  const abort = new AbortController();
  const stream = await callerAs(h, user, abort.signal).approval.changes();
  const iterator = stream[Symbol.asyncIterator]();
  // The stream listens from its first read on: start reading at once.
  let pending = iterator.next();
  const read = async () => {
    const { value, done } = await pending;
    if (done) {
      throw new Error("the stream ended");
    }
    pending = iterator.next();

    return value;
  };

  return {
    /** The next change of this approval, skipping all others. */
    async next(entryId: string, key = "approval") {
      for (;;) {
        const value = await read();
        if (value.entryId === entryId && value.key === key) {
          return value.change;
        }
      }
    },
    /** The very next change, whatever it is. */
    first: read,
    async stop() {
      abort.abort();
      await iterator.return?.(undefined);
    },
  };
}

describe("live approval changes", () => {
  it("tell a manager as their approval is unblocked, claimed and decided", async () => {
    const h = fresh();
    const ana = makeUser(h, "approver", ["managers"]);
    const bob = makeUser(h, "approver", ["managers"]);
    const heard = await changesOf(h, ana);
    const { id } = await h.registry.openEntry(approvalSpec());
    const target = { entryId: id, key: "approval" };

    // Blocked behind the budget, it is no one's to see yet.
    await expect(callerAs(h, ana).approval.get(target)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await post(h, id, "budget", "ok");
    expect(await heard.next(id)).toBe("expectation.unblocked");
    expect((await callerAs(h, ana).approval.get(target)).state).toBe("waiting");
    await callerAs(h, bob).approval.claim(target);
    expect(await heard.next(id)).toBe("approval.claimed");
    await callerAs(h, bob).approval.decide({ ...target, decision: "approve" });
    expect(await heard.next(id)).toBe("fragment.accepted");
    expect(await heard.next(id)).toBe("expectation.resolved");
    await heard.stop();
  });

  it("tell about a cancelled approval", async () => {
    const h = fresh();
    const ana = makeUser(h, "approver", ["managers"]);
    const heard = await changesOf(h, ana);
    const id = await spendRequest(h);

    expect(await heard.next(id)).toBe("expectation.unblocked");
    await h.registry.cancelEntry(id, "no longer needed");
    expect(await heard.next(id)).toBe("expectation.cancelled");
    await heard.stop();
  });

  it("say nothing to an approver of another group", async () => {
    const h = fresh();
    const fay = makeUser(h, "approver", ["finance"]);
    const heard = await changesOf(h, fay);
    await spendRequest(h);
    // Changes arrive in order: the first one heard must be finance's.
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [{ key: "sign_off", kind: "human", assignee: "group:finance" }],
      }),
    );

    expect(await heard.first()).toEqual({
      entryId: id,
      key: "sign_off",
      change: "expectation.added",
    });
    await heard.stop();
  });

  it("stop telling someone taken out of the group", async () => {
    const h = fresh();
    const ana = makeUser(h, "approver", ["managers", "finance"]);
    const heard = await changesOf(h, ana);
    await callerAs(h, makeUser(h, "admin")).admin.groups.remove({
      userId: ana.id,
      group: "managers",
    });
    await spendRequest(h);
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [{ key: "sign_off", kind: "human", assignee: "group:finance" }],
      }),
    );

    expect(await heard.first()).toMatchObject({ entryId: id, key: "sign_off" });
    await heard.stop();
  });

  it("tell an admin about every approval", async () => {
    const h = fresh();
    const heard = await changesOf(h, makeUser(h, "admin"));
    const id = await spendRequest(h);

    expect(await heard.next(id)).toBe("expectation.added");
    await heard.stop();
  });

  it("refuse users and nobody before anything is heard", async () => {
    const h = fresh();
    const uma = callerAs(h, makeUser(h, "user"));

    expect(await refusal(uma.approval.changes())).toBe("FORBIDDEN");
    expect(await refusal(callerAs(h, null).approval.changes())).toBe(
      "UNAUTHORIZED",
    );
  });
});
