import { clock } from "@/components/ui/time";
import type { RouterOutputs } from "@/components/trpc-types";

export type ApprovalItem = RouterOutputs["approval"]["list"][number];
export type DecideResult = RouterOutputs["approval"]["decide"];
export type Choice = "approve" | "reject";

/** Who made a decision: the name it carries, else its source. */
export function decidedBy(decision: NonNullable<ApprovalItem["decision"]>) {
  const payload = decision.payload;
  if (payload && typeof payload === "object" && !Array.isArray(payload)) {
    const by = payload.by;
    if (by && typeof by === "object" && !Array.isArray(by)) {
      const name = by.name ?? by.email;
      if (typeof name === "string" && name) {
        return name;
      }
    }
  }

  return (decision.by ?? "someone").replace(/^user:/, "");
}

/** The comment and edited answer a decision carried, if any. */
export function decisionNotes(decision: NonNullable<ApprovalItem["decision"]>) {
  const payload = decision.payload;
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) {
    return { comment: null, edited: null };
  }
  const text = (value: unknown) =>
    typeof value === "string" && value ? value : null;

  return { comment: text(payload.comment), edited: text(payload.edited) };
}

const CLOSED_BECAUSE: Record<string, string> = {
  criterion_met: "the call completed",
  definitive: "the call completed",
  vetoed: "the call was vetoed",
  deadline: "the call closed at its deadline",
  unsatisfiable: "the call can no longer complete",
  cancelled: "the call was cancelled",
};

/** What an applied decision did: "approved — the call completed". */
export function appliedOutcome(choice: Choice, result: DecideResult): string {
  const verb = choice === "approve" ? "approved" : "rejected";
  if (result.entryState !== "closed") {
    return `${verb} — the call still waits for its other results`;
  }
  const why = CLOSED_BECAUSE[result.reason ?? ""] ?? "the call closed";

  return `${verb} — ${why}`;
}

/** Why a decision was not applied, from the approval as it is now. */
export function refusedOutcome(
  current: Pick<ApprovalItem, "decision" | "state"> | null,
  now = Date.now(),
): string {
  if (current?.decision) {
    const at = clock(current.decision.at, now);

    return `already decided by ${decidedBy(current.decision)} at ${at}`;
  }
  const state = current?.state.replace("_", " ") ?? "closed";

  return `not applied — this approval is ${state} and no longer waits`;
}

/** The draft as editable text: one line per result that has arrived. */
export function draftAsText(draft: ApprovalItem["draft"]): string {
  return draft
    .map((part) => {
      const value =
        typeof part.payload === "string"
          ? part.payload
          : JSON.stringify(part.payload);

      return `${part.key}: ${value}`;
    })
    .join("\n");
}
