import { describe, expect, it } from "vitest";

import { closedEntry, workersPerTest } from "@/server/delivery/testing/helpers";
import {
  registriesPerTest,
  type Harness,
} from "@/server/registry/testing/helpers";

import { callerAs, codeOf, makeUser } from "../testing/callers";
import { heard } from "../testing/streams";

const fresh = registriesPerTest();
const workerOf = workersPerTest();

/** An answer delivered to this person's inbox by the delivery worker. */
async function answered(h: Harness, email: string, question: string) {
  const entryId = await closedEntry(h, {
    requester: email,
    question,
    channel: { kind: "inbox" },
  });
  await workerOf(h).worker.drain();

  return entryId;
}

describe("inbox procedures", () => {
  it("list my answers, count the unread and mark one read once", async () => {
    const h = fresh();
    const uma = makeUser(h, "user");
    const inbox = callerAs(h, uma).inbox;
    const entryId = await answered(h, uma.email, "Book it?");

    const [item] = await inbox.list();
    expect(item).toMatchObject({ entryId, title: "Answer: Book it?" });
    expect(await inbox.unread()).toBe(1);

    const read = await inbox.markRead({ id: item?.id ?? "" });
    const again = await inbox.markRead({ id: item?.id ?? "" });

    expect(read.readAt).toEqual(expect.any(Number));
    expect(again.readAt).toBe(read.readAt);
    expect(await inbox.unread()).toBe(0);
  });

  it("keep another user's items out of sight and out of reach", async () => {
    const h = fresh();
    const uma = makeUser(h, "user");
    const ben = callerAs(h, makeUser(h, "user")).inbox;
    await answered(h, uma.email, "Book it?");
    const [item] = await callerAs(h, uma).inbox.list();

    expect(await ben.list()).toEqual([]);
    expect(await ben.unread()).toBe(0);
    expect(await codeOf(ben.markRead({ id: item?.id ?? "" }))).toBe(
      "NOT_FOUND",
    );
    expect(await callerAs(h, uma).inbox.unread()).toBe(1);
  });

  it("show an admin or approver only their own inbox too", async () => {
    const h = fresh();
    const uma = makeUser(h, "user");
    await answered(h, uma.email, "Book it?");
    const [item] = await callerAs(h, uma).inbox.list();

    for (const role of ["approver", "admin"] as const) {
      const inbox = callerAs(h, makeUser(h, role, ["managers"])).inbox;
      expect(await inbox.list()).toEqual([]);
      expect(await codeOf(inbox.markRead({ id: item?.id ?? "" }))).toBe(
        "NOT_FOUND",
      );
    }
  });

  it("is empty for a new user, and refused to nobody", async () => {
    const h = fresh();
    const inbox = callerAs(h, makeUser(h, "user")).inbox;
    const nobody = callerAs(h, null).inbox;

    expect(await inbox.list()).toEqual([]);
    expect(await inbox.unread()).toBe(0);
    expect(await codeOf(inbox.markRead({ id: "inb_nope" }))).toBe("NOT_FOUND");
    expect(await codeOf(nobody.list())).toBe("UNAUTHORIZED");
    expect(await codeOf(nobody.unread())).toBe("UNAUTHORIZED");
    expect(await codeOf(nobody.markRead({ id: "inb_nope" }))).toBe(
      "UNAUTHORIZED",
    );
  });
});

describe("live inbox changes", () => {
  it("tell me an answer landed in my inbox and that I read it", async () => {
    const h = fresh();
    const uma = makeUser(h, "user");
    const changes = await heard((signal) =>
      callerAs(h, uma, signal).inbox.changes(),
    );

    await answered(h, uma.email, "Book it?");
    const [item] = await callerAs(h, uma).inbox.list();
    expect(await changes.next()).toEqual({
      itemId: item?.id,
      change: "delivered",
    });

    // Read in another tab: the same person, another caller.
    await callerAs(h, uma).inbox.markRead({ id: item?.id ?? "" });
    expect(await changes.next()).toEqual({
      itemId: item?.id,
      change: "read",
    });
    await changes.stop();
  });

  it("tell another user nothing of my inbox", async () => {
    const h = fresh();
    const uma = makeUser(h, "user");
    const ben = makeUser(h, "user");
    const admin = makeUser(h, "admin");
    const bens = await heard((signal) =>
      callerAs(h, ben, signal).inbox.changes(),
    );
    const admins = await heard((signal) =>
      callerAs(h, admin, signal).inbox.changes(),
    );

    await answered(h, uma.email, "Book it?");
    const [umas] = await callerAs(h, uma).inbox.list();
    await callerAs(h, uma).inbox.markRead({ id: umas?.id ?? "" });
    // Changes arrive in order: the first each hears must be their own.
    await answered(h, ben.email, "And mine?");
    await answered(h, admin.email, "And mine?");
    const [bensItem] = await callerAs(h, ben).inbox.list();
    const [adminsItem] = await callerAs(h, admin).inbox.list();

    expect(await bens.next()).toEqual({
      itemId: bensItem?.id,
      change: "delivered",
    });
    expect(await admins.next()).toEqual({
      itemId: adminsItem?.id,
      change: "delivered",
    });
    await bens.stop();
    await admins.stop();
  });
});
