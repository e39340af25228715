import path from "node:path";

import { describe, expect, it } from "vitest";

import {
  signApprovalLink,
  verifyApprovalLink,
} from "@/server/auth/approval-links";
import { entrySpec } from "@/server/registry/testing/harness";
import {
  eventsOf,
  person,
  post,
  registriesPerTest,
  type Harness,
} from "@/server/registry/testing/helpers";

import { listMail, readMail } from "./mailbox";
import { deliveryOf } from "./read";
import { mailFolder } from "./mailer";
import {
  addUser,
  deliveriesOf,
  PUBLIC_URL,
  SECRET,
  workersPerTest,
} from "./testing/helpers";

const fresh = registriesPerTest();
const workerOf = workersPerTest();

function seedPeople(h: Harness) {
  return {
    ana: addUser(h, "ana@example.com", "approver", ["managers"]),
    bob: addUser(h, "bob@example.com", "approver", ["managers"]),
    eve: addUser(h, "eve@example.com", "approver", ["finance"]),
    ada: addUser(h, "ada@example.com", "admin"),
    uma: addUser(h, "uma@example.com", "user"),
  };
}

async function spendEntry(h: Harness, assignee?: string) {
  const { id } = await h.registry.openEntry(
    entrySpec({
      requester: "uma@example.com",
      question: "Can I book SFO to JFK on 3 May for $640?",
      expect: [
        { key: "budget", kind: "tool" },
        {
          key: "approval",
          kind: "human",
          assignee,
          after: ["budget"],
          prompt: "Approve this spend?",
        },
      ],
    }),
  );
  await post(h, id, "budget", "ok", { payload: { remaining: 1200 } });

  return id;
}

function mails(h: Harness) {
  const folder = mailFolder(path.dirname(h.file));

  return listMail(folder).map((m) => readMail(m.id, folder));
}

describe("an approval request", () => {
  it("emails each member of the group a signed link to the confirm page", async () => {
    const h = fresh();
    const people = seedPeople(h);
    const { worker } = workerOf(h);

    const id = await spendEntry(h, "group:managers");
    await worker.drain();

    const sent = mails(h).sort((a, b) =>
      (a?.to ?? "").localeCompare(b?.to ?? ""),
    );
    expect(sent.map((m) => m?.to)).toEqual([
      "ana@example.com",
      "bob@example.com",
    ]);
    const mail = sent[0];
    expect(mail?.subject).toBe(
      "Approval needed: Can I book SFO to JFK on 3 May for $640?",
    );
    expect(mail?.text).toContain("Can I book SFO to JFK on 3 May for $640?");
    expect(mail?.text).toContain("Approve this spend?");
    expect(mail?.text).toContain('budget: {"remaining":1200}');
    const urls = mail?.text.match(/https?:\/\/\S+/g) ?? [];
    expect(urls).toHaveLength(1);
    const url = new URL(urls[0] ?? "");
    expect(`${url.origin}${url.pathname}`).toBe(
      `${PUBLIC_URL}/approvals/confirm`,
    );
    const check = verifyApprovalLink(
      SECRET,
      url.searchParams.get("t") ?? "",
      h.clock.now,
    );
    expect(check).toEqual({
      ok: true,
      link: {
        entryId: id,
        key: "approval",
        userId: people.ana,
        expiresAt: h.clock.now + 7 * 24 * 3_600_000,
      },
    });
    const forged = verifyApprovalLink(
      "another secret",
      url.searchParams.get("t") ?? "",
      h.clock.now,
    );
    expect(forged).toEqual({ ok: false, problem: "bad_signature" });
    const seen = deliveryOf(h.db, id);
    expect(seen.answer).toBeNull();
    expect(seen.deliveries.every((d) => !("message" in d))).toBe(true);
    const purposes = deliveriesOf(h, id).map((d) => [d.purpose, d.status]);
    expect(purposes).toEqual([
      ["approval_request", "delivered"],
      ["approval_request", "delivered"],
    ]);
  });

  it("asks the assignee alone, or every approver when there is none", async () => {
    const h = fresh();
    seedPeople(h);
    const { worker } = workerOf(h);

    const one = await spendEntry(h, "eve@example.com");
    const all = await spendEntry(h);
    await worker.drain();

    const to = (entryId: string) =>
      deliveriesOf(h, entryId)
        .map((d) => d.target.to)
        .sort();
    expect(to(one)).toEqual(["eve@example.com"]);
    expect(to(all)).toEqual([
      "ada@example.com",
      "ana@example.com",
      "bob@example.com",
      "eve@example.com",
    ]);
  });

  it("says so on the timeline when nobody can be asked", async () => {
    const h = fresh();
    seedPeople(h);
    const { worker } = workerOf(h);

    const id = await spendEntry(h, "group:nobody");
    await worker.drain();

    const [route] = await eventsOf(h, id, "route.chosen");
    expect(route?.data).toMatchObject({
      purpose: "approval_request",
      key: "approval",
      recipients: [],
      reason: 'group "nobody" has no members: nobody is emailed',
    });
    expect(deliveriesOf(h, id)).toEqual([]);
  });

  it("is not sent once the approval is decided", async () => {
    const h = fresh();
    seedPeople(h);
    const { worker } = workerOf(h, { concurrency: 0 });
    const id = await spendEntry(h, "group:managers");
    await worker.drain();

    const ana = person("ana@example.com", ["managers"]);
    await post(h, id, "approval", "ok", {}, ana);
    const { worker: next } = workerOf(h);
    await next.drain();

    const statuses = deliveriesOf(h, id)
      .filter((d) => d.purpose === "approval_request")
      .map((d) => [d.status, d.lastError]);
    expect(statuses).toEqual([
      ["skipped", '"approval" no longer waits for a decision (resolved)'],
      ["skipped", '"approval" no longer waits for a decision (resolved)'],
    ]);
    expect(mails(h)).toEqual([]);
  });

  it("has links that expire and cannot be altered", () => {
    const link = { entryId: "ent_1", key: "approval", userId: "usr_ana" };
    const token = signApprovalLink(SECRET, { ...link, expiresAt: 1_000 });
    const [payload, mac] = token.split(".");
    const other = Buffer.from(
      JSON.stringify(["ent_1", "approval", "usr_eve", 1_000]),
    ).toString("base64url");

    expect(verifyApprovalLink(SECRET, token, 999).ok).toBe(true);
    expect(verifyApprovalLink(SECRET, token, 1_000)).toEqual({
      ok: false,
      problem: "expired",
    });
    expect(verifyApprovalLink(SECRET, `${other}.${mac}`, 0)).toEqual({
      ok: false,
      problem: "bad_signature",
    });
    expect(verifyApprovalLink(SECRET, payload ?? "", 0)).toEqual({
      ok: false,
      problem: "malformed",
    });
  });
});
