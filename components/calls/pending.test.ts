import { describe, expect, it } from "vitest";

import { entrySpec } from "@/server/registry/testing/harness";
import { post, registriesPerTest } from "@/server/registry/testing/helpers";

import { pendingClauses, selectorAt } from "./pending";

const fresh = registriesPerTest();

describe("why an entry is still pending", () => {
  it("lists what each unmet clause waits for and what blocks it", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool" },
          { key: "policy", kind: "agent", timeout: "30s" },
          {
            key: "approval",
            kind: "human",
            after: ["budget", "policy"],
          },
        ],
      }),
    );
    await post(h, id, "budget", "ok");
    const record = await h.registry.getEntry(id);
    if (!record.pending) {
      throw new Error("an open entry explains itself");
    }

    const clauses = pendingClauses(
      record.pending,
      record.entry.criterion,
      record.expectations,
    );

    expect(clauses).toEqual([
      expect.objectContaining({
        clause: "all of budget, policy, approval",
        met: false,
        possible: true,
        waitingOn: [
          expect.objectContaining({
            key: "policy",
            state: "waiting",
            timeoutAt: h.clock.now + 30_000,
          }),
          expect.objectContaining({
            key: "approval",
            state: "blocked",
            blockedBy: ["policy"],
          }),
        ],
      }),
    ]);
  });

  it("walks and/or trees, listing only the unmet leaves' needs", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool" },
          { key: "a", kind: "llm" },
          { key: "b", kind: "llm" },
        ],
        criterion: {
          and: [{ all: ["budget"] }, { any: { kind: "llm" } }],
        },
      }),
    );
    await post(h, id, "budget", "ok");
    const record = await h.registry.getEntry(id);

    const clauses = pendingClauses(
      record.pending!,
      record.entry.criterion,
      record.expectations,
    );

    expect(clauses.map((c) => [c.depth, c.met, c.waitingOn.length])).toEqual([
      [0, false, 0],
      [1, true, 0],
      [1, false, 2],
    ]);
  });

  it("finds the selector at a path", () => {
    const criterion = {
      or: [{ all: ["x"] }, { and: [{ any: "*" as const }, { all: ["y"] }] }],
    };

    expect(selectorAt(criterion, "$.or[1].and[1]")).toEqual(["y"]);
    expect(selectorAt(criterion, "$.or[1].and[0]")).toBe("*");
    expect(selectorAt(criterion, "$.or[5]")).toBeNull();
  });
});
