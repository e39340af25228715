import { describe, expect, it } from "vitest";

import { makeUser } from "@/server/api/testing/callers";
import { ValidationError } from "@/server/registry/errors";
import { entrySpec } from "@/server/registry/testing/harness";
import {
  registriesPerTest,
  type Harness,
} from "@/server/registry/testing/helpers";

import { deciderCheck } from "./deciders";

const fresh = registriesPerTest();

/** A registry that checks deciders, with a manager and a plain user. */
function withPeople() {
  const h = fresh({ deciders: deciderCheck });
  const manager = makeUser(h, "approver", ["managers"]);
  const plain = makeUser(h, "user");

  return { h, manager, plain };
}

function openApproval(h: Harness, assignee?: string, requester?: string) {
  return h.registry.openEntry(
    entrySpec({
      ...(requester ? { requester } : {}),
      expect: [
        { key: "budget", kind: "tool" },
        { key: "approval", kind: "human", assignee },
      ],
    }),
  );
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);

  return error as ValidationError;
}

describe("opening a human expectation nobody could decide", () => {
  it("is refused for a plain user", async () => {
    const { h, plain } = withPeople();

    const error = await refusal(openApproval(h, plain.email));

    expect(error.message).toMatch(/^"approval" can never be decided/);
    expect(error.details).toMatchObject({
      key: "approval",
      reason: "not_an_approver",
    });
  });

  it("is refused for someone who is not a user", async () => {
    const { h } = withPeople();

    const error = await refusal(openApproval(h, "ghost@nowhere"));

    expect(error.details).toMatchObject({
      key: "approval",
      reason: "unknown_user",
    });
    expect(error.message).toContain('"ghost@nowhere" is not a user');
  });

  it("is refused for a group with no members", async () => {
    const { h } = withPeople();

    const error = await refusal(openApproval(h, "group:finance"));

    expect(error.details).toMatchObject({ reason: "empty_group" });
    expect(error.message).toContain('group "finance"');
  });

  it("is refused for the requester themself", async () => {
    const { h, manager } = withPeople();

    const error = await refusal(
      openApproval(h, manager.email, manager.email.toUpperCase()),
    );

    expect(error.details).toMatchObject({ reason: "requester" });
  });

  it("is refused when the requester is the group's only member", async () => {
    const { h, manager } = withPeople();

    const error = await refusal(
      openApproval(h, "group:managers", manager.email),
    );

    expect(error.details).toMatchObject({ reason: "requester" });
  });

  it("is refused with no assignee when only the requester approves", async () => {
    const h = fresh({ deciders: deciderCheck });
    const only = makeUser(h, "admin");

    const error = await refusal(openApproval(h, undefined, only.email));

    expect(error.details).toMatchObject({ reason: "requester" });
  });

  it("names every undecidable key and writes nothing", async () => {
    const { h } = withPeople();

    const error = await refusal(
      h.registry.openEntry(
        entrySpec({
          requester: "someone@example.com",
          expect: [
            { key: "first", kind: "human", assignee: "ghost@nowhere" },
            { key: "second", kind: "human", assignee: "group:finance" },
          ],
        }),
      ),
    );

    expect(error.details.problems).toEqual([
      expect.objectContaining({ key: "first", assignee: "ghost@nowhere" }),
      expect.objectContaining({ key: "second", assignee: "group:finance" }),
    ]);
    const count = h.db.$client
      .prepare("select count(*) as n from entries")
      .get() as { n: number };
    expect(count.n).toBe(0);
  });
});

describe("human expectations someone can decide", () => {
  it("open for an approver, by email or id", async () => {
    const { h, manager } = withPeople();

    await expect(openApproval(h, manager.email)).resolves.toBeDefined();
    await expect(openApproval(h, manager.id)).resolves.toBeDefined();
  });

  it("open for a group with an approver who is not the requester", async () => {
    const { h } = withPeople();

    await expect(openApproval(h, "group:managers")).resolves.toBeDefined();
  });

  it("open with no assignee while an approver exists", async () => {
    const { h } = withPeople();

    await expect(openApproval(h)).resolves.toBeDefined();
  });

  it("leave other kinds alone, whatever they name", async () => {
    const { h } = withPeople();

    const opened = await h.registry.openEntry(
      entrySpec({
        expect: [{ key: "budget", kind: "tool", assignee: "ghost@nowhere" }],
      }),
    );

    expect(opened.state).toBe("open");
  });
});

describe("adding a human expectation to an open entry", () => {
  it("is refused when nobody could decide it, and adds nothing", async () => {
    const { h, plain } = withPeople();
    const { id } = await h.registry.openEntry(entrySpec());

    const error = await refusal(
      h.registry.addExpectations(id, [
        { key: "approval", kind: "human", assignee: plain.email },
      ]),
    );

    expect(error.details).toMatchObject({
      key: "approval",
      reason: "not_an_approver",
    });
    const record = await h.registry.getEntry(id);
    expect(record.expectations.map((e) => e.key)).toEqual(["budget", "policy"]);
  });

  it("checks against the entry's own requester", async () => {
    const { h, manager } = withPeople();
    const { id } = await h.registry.openEntry(
      entrySpec({ requester: manager.email }),
    );

    const error = await refusal(
      h.registry.addExpectations(id, [
        { key: "approval", kind: "human", assignee: manager.email },
      ]),
    );

    expect(error.details).toMatchObject({ reason: "requester" });
  });

  it("goes in for a group with a decider", async () => {
    const { h } = withPeople();
    const { id } = await h.registry.openEntry(entrySpec());

    const added = await h.registry.addExpectations(id, [
      { key: "approval", kind: "human", assignee: "group:managers" },
    ]);

    expect(added.expectations).toEqual([
      { key: "approval", kind: "human", state: "waiting" },
    ]);
  });
});
