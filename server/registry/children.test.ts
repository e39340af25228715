import { describe, expect, it } from "vitest";

import { ConflictError, NotFoundError, ValidationError } from "./errors";
import type { EntrySpecInput } from "./schemas";
import { entrySpec } from "./testing/harness";
import {
  entryCount,
  eventsOf,
  post,
  registriesPerTest,
  type Harness,
} from "./testing/helpers";

const fresh = registriesPerTest();

async function parentEntry(
  h: Harness,
  overrides: Partial<EntrySpecInput> = {},
) {
  return h.registry.openEntry(
    entrySpec({
      expect: [
        { key: "budget", kind: "tool" },
        { key: "research", kind: "entry" },
      ],
      ...overrides,
    }),
  );
}

async function childOf(h: Harness, entryId: string, key = "research") {
  return h.registry.openEntry(
    entrySpec({
      expect: [{ key: "search", kind: "tool" }],
      parent: { entryId, key },
    }),
  );
}

describe("a child entry", () => {
  it("is linked to its parent's expectation of kind entry", async () => {
    const h = fresh();
    const parent = await parentEntry(h);

    const child = await childOf(h, parent.id);

    const record = await h.registry.getEntry(parent.id);
    const slot = record.expectations.find((e) => e.key === "research");
    expect(slot).toMatchObject({ state: "waiting", childEntryId: child.id });
    const childRecord = await h.registry.getEntry(child.id);
    expect(childRecord.entry).toMatchObject({
      parentEntryId: parent.id,
      parentKey: "research",
    });
    const rows = await eventsOf(h, parent.id, "expectation.linked");
    expect(rows.map((r) => r.data)).toEqual([
      { key: "research", childEntryId: child.id },
    ]);
  });

  it("hands its completion to the parent as an ok fragment", async () => {
    const h = fresh();
    const parent = await parentEntry(h);
    const child = await childOf(h, parent.id);

    const found = await post(h, child.id, "search", "ok", {
      payload: { fares: [640] },
    });

    expect(found.entry.closure?.verdict).toBe("completed");
    const record = await h.registry.getEntry(parent.id);
    expect(record.fragments).toMatchObject([
      {
        key: "research",
        outcome: "ok",
        disposition: "accepted",
        source: `entry:${child.id}`,
        receivedAt: found.entry.closure?.closedAt,
        payload: {
          entryId: child.id,
          verdict: "completed",
          reason: "criterion_met",
          results: { search: { fares: [640] } },
        },
      },
    ]);
    const slot = record.expectations.find((e) => e.key === "research");
    expect(slot?.state).toBe("resolved");
  });

  it("closes the parent in the same transaction", async () => {
    const h = fresh();
    const parent = await parentEntry(h);
    const child = await childOf(h, parent.id);
    await post(h, parent.id, "budget", "ok");
    const heard: string[] = [];
    h.registry.events.on("timeline", (event) => {
      heard.push(
        `${event.entryId === parent.id ? "parent" : "child"} ${event.type}`,
      );
    });

    await post(h, child.id, "search", "ok");

    const record = await h.registry.getEntry(parent.id);
    expect(record.closure).toMatchObject({
      reason: "criterion_met",
      decidingFragmentId: record.fragments.find((f) => f.key === "research")
        ?.id,
    });
    expect(heard).toEqual([
      "child fragment.accepted",
      "child expectation.resolved",
      "child entry.closed",
      "child completion.queued",
      "parent fragment.accepted",
      "parent expectation.resolved",
      "parent entry.closed",
      "parent completion.queued",
    ]);
  });

  it("a rejected child is a no for the parent", async () => {
    const h = fresh();
    const parent = await parentEntry(h, { veto: ["research"] });
    const child = await childOf(h, parent.id);

    await post(h, child.id, "search", "negative", { definitive: true });

    const record = await h.registry.getEntry(parent.id);
    expect(record.fragments[0]).toMatchObject({
      outcome: "negative",
      payload: { verdict: "rejected", reason: "definitive" },
    });
    expect(record.closure).toMatchObject({
      reason: "vetoed",
      verdict: "rejected",
    });
  });

  it("a failed child is an error for the parent", async () => {
    const h = fresh();
    const parent = await parentEntry(h);
    const child = await childOf(h, parent.id);

    await post(h, child.id, "search", "error");

    const record = await h.registry.getEntry(parent.id);
    expect(record.fragments[0]).toMatchObject({
      outcome: "error",
      payload: { verdict: "failed", reason: "unsatisfiable" },
    });
    const slot = record.expectations.find((e) => e.key === "research");
    expect(slot?.state).toBe("failed");
    expect(record.closure?.reason).toBe("unsatisfiable");
  });

  it("a cancelled child is an error for the parent", async () => {
    const h = fresh();
    const parent = await parentEntry(h, { criterion: { any: "*" } });
    const child = await childOf(h, parent.id);

    await h.registry.cancelEntry(child.id);

    const record = await h.registry.getEntry(parent.id);
    expect(record.fragments[0]).toMatchObject({
      outcome: "error",
      payload: { verdict: "cancelled" },
    });
    expect(record.entry.state).toBe("open");
  });

  it("a child closing after its parent is late there", async () => {
    const h = fresh();
    const parent = await parentEntry(h);
    const child = await childOf(h, parent.id);
    await h.registry.cancelEntry(parent.id);
    h.advance(250);

    await post(h, child.id, "search", "ok");

    const record = await h.registry.getEntry(parent.id);
    expect(record.fragments[0]).toMatchObject({
      disposition: "late",
      lateByMs: 250,
    });
    expect(record.closure?.reason).toBe("cancelled");
  });
});

describe("linking a child is refused, and nothing is written", () => {
  it("to an expectation that is not of kind entry", async () => {
    const h = fresh();
    const parent = await parentEntry(h);
    const before = entryCount(h);

    const refused = childOf(h, parent.id, "budget");

    await expect(refused).rejects.toThrow(ValidationError);
    await expect(refused).rejects.toThrow(
      'the parent has no expectation "budget" of kind entry',
    );
    expect(entryCount(h)).toBe(before);
  });

  it("to an expectation the parent does not have", async () => {
    const h = fresh();
    const parent = await parentEntry(h);
    const before = entryCount(h);

    await expect(childOf(h, parent.id, "nothing")).rejects.toThrow(
      ValidationError,
    );
    expect(entryCount(h)).toBe(before);
  });

  it("to a closed parent", async () => {
    const h = fresh();
    const parent = await parentEntry(h);
    await h.registry.cancelEntry(parent.id);
    const before = entryCount(h);

    const refused = childOf(h, parent.id);

    await expect(refused).rejects.toThrow(ConflictError);
    await expect(refused).rejects.toThrow("already closed");
    expect(entryCount(h)).toBe(before);
  });

  it("to a parent that does not exist", async () => {
    const h = fresh();

    await expect(childOf(h, "ent_missing")).rejects.toThrow(NotFoundError);
    expect(entryCount(h)).toBe(0);
  });

  it("to an expectation that already has a child", async () => {
    const h = fresh();
    const parent = await parentEntry(h);
    const first = await childOf(h, parent.id);
    const before = entryCount(h);

    await expect(childOf(h, parent.id)).rejects.toThrow(ConflictError);
    expect(entryCount(h)).toBe(before);
    const record = await h.registry.getEntry(parent.id);
    const slot = record.expectations.find((e) => e.key === "research");
    expect(slot?.childEntryId).toBe(first.id);
  });
});
