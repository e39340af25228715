import { describe, expect, it } from "vitest";

import type { AssemblerInput } from "@/server/delivery/assemblers";
import type { Closure, Json } from "@/server/registry/types";

import { answerSpendRequest } from "./spend-request-answer";

const trip = {
  from: "SFO",
  to: "JFK",
  date: "2027-05-03",
  priceUsd: 640,
  cabin: "economy",
};

function input(
  verdict: Closure["verdict"],
  reason: Closure["reason"],
  results: Record<string, Json>,
): AssemblerInput {
  return {
    entry: { metadata: { flow: "spend-request", trip } },
    closure: { verdict, reason },
    results: Object.fromEntries(
      Object.entries(results).map(([key, payload]) => [
        key,
        { kind: "tool", state: "resolved", outcome: "ok", payload },
      ]),
    ),
  } as unknown as AssemblerInput;
}

const budget = {
  team: "Sales",
  year: 2027,
  budgetUsd: 12000,
  leftUsd: 12000,
};

describe("the answer to a spend request", () => {
  it("says yes first, then the budget, the policy and who approved", () => {
    const answer = answerSpendRequest(
      input("completed", "criterion_met", {
        budget,
        policy: { allowed: true, reasons: ["economy under 5,000 km"] },
        approval: {
          decision: "approve",
          comment: "enjoy",
          by: { name: "Ana" },
        },
      }),
    );

    expect(answer.text.split("\n")).toEqual([
      "Yes — you can book SFO → JFK on 2027-05-03 for $640.",
      "Budget: $12,000 left of $12,000 for Sales travel in 2027.",
      "Policy: within policy — economy under 5,000 km.",
      'Approved by Ana ("enjoy").',
    ]);
  });

  it("says no when a manager refuses", () => {
    const answer = answerSpendRequest(
      input("rejected", "vetoed", {
        budget,
        approval: { decision: "reject", comment: null, by: { name: "Ana" } },
      }),
    );

    expect(answer.title).toBe(
      "No — SFO → JFK on 2027-05-03 for $640 was not approved.",
    );
    expect(answer.text).toContain("Refused by Ana.");
  });

  it("asks again when nobody decided in time", () => {
    const answer = answerSpendRequest(input("failed", "deadline", {}));

    expect(answer.title).toContain("No decision");
  });
});
