import { describe, expect, it } from "vitest";

import { callerAs, makeUser } from "@/server/api/testing/callers";
import { entrySpec } from "@/server/registry/testing/harness";
import {
  post,
  registriesPerTest,
  type Harness,
} from "@/server/registry/testing/helpers";
import { clock } from "@/components/ui/time";

import { closureSentence } from "./closure-sentence";

const fresh = registriesPerTest();

async function spendRequest(h: Harness) {
  const { id } = await h.registry.openEntry(
    entrySpec({
      expect: [
        { key: "budget", kind: "tool" },
        { key: "policy", kind: "agent", timeout: "30s" },
        {
          key: "approval",
          kind: "human",
          assignee: "group:managers",
          after: ["budget", "policy"],
        },
      ],
      criterion: { all: ["budget", "policy", "approval"] },
      veto: ["approval"],
    }),
  );
  await post(h, id, "budget", "ok");
  await post(h, id, "policy", "ok");

  return id;
}

async function sentenceOf(h: Harness, id: string) {
  const record = await h.registry.getEntry(id);
  if (!record.closure) {
    throw new Error("the entry should be closed");
  }

  return closureSentence(record.closure, record.fragments, h.clock.now);
}

describe("the closure in words", () => {
  it("names the clause and the approval that decided it", async () => {
    const h = fresh();
    const id = await spendRequest(h);
    const ana = makeUser(h, "approver", ["managers"]);
    h.advance(60_000);

    await callerAs(h, ana).approval.decide({
      entryId: id,
      key: "approval",
      decision: "approve",
    });

    expect(await sentenceOf(h, id)).toBe(
      "Closed because budget, policy and approval were all ok; " +
        `the approval by ${ana.name} at ${clock(h.clock.now, h.clock.now)} decided it.`,
    );
  });

  it("says who vetoed a rejected call", async () => {
    const h = fresh();
    const id = await spendRequest(h);
    const ana = makeUser(h, "approver", ["managers"]);

    await callerAs(h, ana).approval.decide({
      entryId: id,
      key: "approval",
      decision: "reject",
    });

    expect(await sentenceOf(h, id)).toBe(
      `Rejected because the approval by ${ana.name} at ` +
        `${clock(h.clock.now, h.clock.now)} vetoed it.`,
    );
  });

  it("reads a quorum and a failure", async () => {
    const h = fresh();
    const quorum = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "a", kind: "llm" },
          { key: "b", kind: "llm" },
          { key: "c", kind: "llm" },
        ],
        criterion: { atLeast: 2, of: { kind: "llm" } },
      }),
    );
    const failing = await h.registry.openEntry(entrySpec());
    await post(h, quorum.id, "a", "ok");
    await post(h, quorum.id, "b", "ok");
    await post(h, failing.id, "budget", "error");

    expect(await sentenceOf(h, quorum.id)).toMatch(
      /^Closed because at least 2 of the llm expectations were ok; the b result at/,
    );
    expect(await sentenceOf(h, failing.id)).toMatch(
      new RegExp(
        "^Failed at \\d\\d:\\d\\d because all of budget, policy can " +
          "no longer be met, after the budget result at",
      ),
    );
  });
});
