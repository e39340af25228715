import { describe, expect, it } from "vitest";

import { ForbiddenError } from "./errors";
import type { Actor } from "./record-fragment";
import { apiKey, entrySpec, system } from "./testing/harness";
import {
  person,
  post,
  registriesPerTest,
  type Harness,
} from "./testing/helpers";

const fresh = registriesPerTest();

async function approvalEntry(h: Harness, assignee?: string) {
  return h.registry.openEntry(
    entrySpec({
      expect: [
        { key: "budget", kind: "tool" },
        { key: "approval", kind: "human", assignee },
      ],
      veto: ["approval"],
    }),
  );
}

/** Posts an approval as `actor`; the refusal, or null when it went in. */
async function decide(
  h: Harness,
  entryId: string,
  actor: Actor,
  outcome: "ok" | "negative" = "ok",
) {
  return post(h, entryId, "approval", outcome, {}, actor).then(
    () => null,
    (error: unknown) => error,
  );
}

async function fragmentCount(h: Harness, entryId: string) {
  const record = await h.registry.getEntry(entryId);

  return record.fragments.length;
}

describe("a human expectation", () => {
  it("cannot be resolved with an API key", async () => {
    const h = fresh();
    const { id } = await approvalEntry(h, "group:managers");

    const error = await decide(h, id, apiKey);

    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as Error).message).toContain("only a signed-in approver");
    expect(await fragmentCount(h, id)).toBe(0);
  });

  it("cannot be resolved through a capability link", async () => {
    const h = fresh();
    const { id } = await approvalEntry(h, "group:managers");

    const error = await decide(h, id, {
      type: "token",
      entryId: id,
      key: "approval",
    });

    expect(error).toBeInstanceOf(ForbiddenError);
    expect(await fragmentCount(h, id)).toBe(0);
  });

  it("cannot be resolved by someone outside the assigned group", async () => {
    const h = fresh();
    const { id } = await approvalEntry(h, "group:managers");

    const error = await decide(h, id, person("eve@example.com", ["finance"]));

    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as Error).message).toContain('not an approver of "approval"');
    expect(await fragmentCount(h, id)).toBe(0);
  });

  it("cannot be resolved by someone who is not the assignee", async () => {
    const h = fresh();
    const { id } = await approvalEntry(h, "ana@example.com");

    const error = await decide(h, id, person("uma@example.com", ["managers"]));

    expect(error).toBeInstanceOf(ForbiddenError);
  });

  it("is resolved by a member of the assigned group", async () => {
    const h = fresh();
    const { id } = await approvalEntry(h, "group:managers");
    await post(h, id, "budget", "ok");

    const error = await decide(h, id, person("ana@example.com", ["managers"]));

    expect(error).toBeNull();
    const record = await h.registry.getEntry(id);
    expect(record.closure?.reason).toBe("criterion_met");
  });

  it("is resolved by its assignee, named by email", async () => {
    const h = fresh();
    const { id } = await approvalEntry(h, "ana@example.com");

    const error = await decide(h, id, person("ana@example.com"));

    expect(error).toBeNull();
  });

  it("without an assignee, is for approvers and admins only", async () => {
    const h = fresh();
    const { id } = await approvalEntry(h);

    const byUser = await decide(h, id, person("uma@example.com", [], "user"));
    const byAdmin = await decide(h, id, person("ada@example.com", [], "admin"));

    expect(byUser).toBeInstanceOf(ForbiddenError);
    expect(byAdmin).toBeNull();
  });

  it("a rejection by an approver vetoes the entry", async () => {
    const h = fresh();
    const { id } = await approvalEntry(h, "group:managers");

    await decide(h, id, person("ana@example.com", ["managers"]), "negative");

    const record = await h.registry.getEntry(id);
    expect(record.closure).toMatchObject({
      reason: "vetoed",
      verdict: "rejected",
    });
  });

  it("the first decision wins; a second is recorded, not applied", async () => {
    const h = fresh();
    const { id } = await approvalEntry(h, "group:managers");
    const ana = person("ana@example.com", ["managers"]);
    const bob = person("bob@example.com", ["managers"]);
    await decide(h, id, ana, "ok");

    const second = await post(h, id, "approval", "negative", {}, bob);

    expect(second.disposition).toBe("duplicate");
    expect(second.entry.state).toBe("open");
  });

  it("the system may fill it (a child entry's result)", async () => {
    const h = fresh();
    const { id } = await approvalEntry(h, "group:managers");

    const error = await decide(h, id, system);

    expect(error).toBeNull();
  });
});

describe("a capability link", () => {
  it("may post only to its own expectation", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());
    const link: Actor = { type: "token", entryId: id, key: "budget" };

    const own = await post(h, id, "budget", "ok", {}, link);
    const other = post(h, id, "policy", "ok", {}, link);

    expect(own.disposition).toBe("accepted");
    await expect(other).rejects.toThrow(ForbiddenError);
    await expect(other).rejects.toThrow('may only post to "budget"');
  });
});

describe("a request's own approval", () => {
  it("cannot be decided by the person who asked", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        requester: "ana@example.com",
        expect: [
          { key: "approval", kind: "human", assignee: "group:managers" },
        ],
      }),
    );

    const error = await decide(h, id, person("ana@example.com", ["managers"]));

    expect(error).toBeInstanceOf(ForbiddenError);
    expect(await fragmentCount(h, id)).toBe(0);
  });
});
