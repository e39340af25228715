import type { AssemblerInput, Assembled } from "@/server/delivery/assemblers";
import type { Json } from "@/server/registry/types";

import { describeTrip } from "./spend-request";
import type { TripRequest } from "./parse-trip";

type Obj = Record<string, Json>;

const obj = (value: Json | undefined): Obj =>
  value && typeof value === "object" && !Array.isArray(value) ? value : {};
const usd = (value: Json | undefined) =>
  typeof value === "number" ? `$${value.toLocaleString("en-US")}` : "?";

/**
 * The answer to a spend request, in the words a traveller wants: yes or
 * no first, then why — the budget left, the policy's verdict, and who
 * approved or refused it.
 */
export function answerSpendRequest(input: AssemblerInput): Assembled {
  const { closure, entry, results } = input;
  const trip = obj(entry.metadata.trip) as unknown as TripRequest;
  const budget = obj(results.budget?.payload);
  const policy = obj(results.policy?.payload);
  const approval = obj(results.approval?.payload);
  const by = obj(approval.by);
  const lines: string[] = [];

  if (typeof budget.leftUsd === "number") {
    lines.push(
      `Budget: ${usd(budget.leftUsd)} left of ${usd(budget.budgetUsd)} ` +
        `for ${String(budget.team)} travel in ${String(budget.year)}.`,
    );
  }
  if (typeof policy.allowed === "boolean") {
    const reasons = Array.isArray(policy.reasons) ? policy.reasons : [];
    lines.push(
      `Policy: ${policy.allowed ? "within policy" : "outside policy"}` +
        (reasons.length ? ` — ${reasons.map(String).join("; ")}` : "") +
        ".",
    );
  }
  if (typeof approval.decision === "string") {
    const comment = approval.comment ? ` ("${String(approval.comment)}")` : "";
    lines.push(
      `${approval.decision === "approve" ? "Approved" : "Refused"} by ` +
        `${String(by.name ?? by.email ?? "a manager")}${comment}.`,
    );
  }
  const edited = typeof approval.edited === "string" ? approval.edited : null;
  const headline = headlineFor(closure?.verdict, closure?.reason, trip);

  return {
    title: headline,
    text: [headline, edited, ...lines].filter(Boolean).join("\n"),
    parts: { trip: { ...trip } },
  };
}

function headlineFor(
  verdict: string | undefined,
  reason: string | undefined,
  trip: TripRequest,
): string {
  const what = describeTrip(trip);
  if (verdict === "completed") {
    return `Yes — you can book ${what}.`;
  }
  if (verdict === "rejected") {
    return `No — ${what} was not approved.`;
  }
  if (reason === "deadline") {
    return `No decision on ${what} in time; please ask again.`;
  }
  if (verdict === "cancelled") {
    return `The request for ${what} was cancelled.`;
  }

  return `The request for ${what} could not be checked.`;
}
