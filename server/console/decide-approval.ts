import type { SessionUser } from "@/server/auth/users";
import type { Registry } from "@/server/registry/registry";
import type { Json } from "@/server/registry/types";

import { getApproval, sessionActor } from "./approvals";

export interface DecisionInput {
  entryId: string;
  key: string;
  decision: "approve" | "reject";
  comment?: string;
  /** An edited answer, approved in place of the draft. */
  edited?: string;
}

/**
 * An approver's decision, recorded as the human fragment. The first one
 * wins; a second or contradictory one comes back `duplicate` (or `late`
 * once the entry closed): recorded on the timeline, not applied.
 */
export async function decideApproval(
  registry: Registry,
  db: Parameters<typeof getApproval>[0],
  user: SessionUser,
  input: DecisionInput,
) {
  getApproval(db, user, input.entryId, input.key);
  const payload: Record<string, Json> = {
    decision: input.decision,
    comment: input.comment ?? null,
    by: { id: user.id, email: user.email, name: user.name },
  };
  if (input.edited !== undefined) {
    payload.edited = input.edited;
  }
  const result = await registry.recordFragment(
    input.entryId,
    {
      key: input.key,
      outcome: input.decision === "approve" ? "ok" : "negative",
      payload,
      source: `user:${user.email}`,
    },
    { type: "user", ...sessionActor(user) },
  );

  return {
    applied: result.disposition === "accepted",
    disposition: result.disposition,
    entryState: result.entry.state,
    reason: result.entry.closure?.reason ?? null,
  };
}
