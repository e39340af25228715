import { issueToken, tokenExpiry } from "@/server/auth/tokens";
import type { deliveryOf } from "@/server/delivery/read";
import type { EntryRecord } from "@/server/registry/store";
import type {
  Closure,
  Entry,
  Expectation,
  ExplanationNode,
  Fragment,
} from "@/server/registry/types";
import {
  publicChannel,
  publicEventData,
} from "@/server/registry/public-channel";

/** Times leave the API as ISO 8601 strings. */
const iso = (ms: number | null) =>
  ms === null ? null : new Date(ms).toISOString();

/**
 * A capability token for every expectation a third party may fill; humans
 * decide in the console, so theirs is null.
 */
export function tokenFor(
  secret: string,
  entry: Pick<Entry, "id" | "createdAt" | "deadlineAt">,
  expectation: Pick<Expectation, "key" | "kind">,
): string | null {
  if (expectation.kind === "human") {
    return null;
  }

  return issueToken(secret, {
    entryId: entry.id,
    key: expectation.key,
    expiresAt: tokenExpiry(entry.createdAt, entry.deadlineAt),
  });
}

export function closureView(closure: Closure | null) {
  if (!closure) {
    return null;
  }

  return {
    reason: closure.reason,
    verdict: closure.verdict,
    clause: closure.clause,
    clausePath: closure.clausePath,
    decidingFragmentId: closure.decidingFragmentId,
    detail: closure.detail,
    closedAt: iso(closure.closedAt),
    explanation: closure.explanation,
  };
}

/** The closure in a write's answer: what closed it, when, and which. */
export function closureBrief(closure: Closure | null) {
  if (!closure) {
    return null;
  }

  return {
    reason: closure.reason,
    verdict: closure.verdict,
    clause: closure.clause,
    decidingFragmentId: closure.decidingFragmentId,
    closedAt: new Date(closure.closedAt).toISOString(),
  };
}

export function expectationView(secret: string, entry: Entry, e: Expectation) {
  return {
    key: e.key,
    kind: e.kind,
    state: e.state,
    required: e.required,
    weight: e.weight,
    after: e.after,
    assignee: e.assignee,
    prompt: e.prompt,
    repeat: e.repeat,
    definitive: e.definitive,
    timeoutAt: iso(e.timeoutAt),
    settledAt: iso(e.settledAt),
    childEntryId: e.childEntryId,
    token: entry.state === "open" ? tokenFor(secret, entry, e) : null,
  };
}

export function fragmentView(f: Fragment) {
  return {
    id: f.id,
    key: f.key,
    outcome: f.outcome,
    payload: f.payload,
    definitive: f.definitive,
    disposition: f.disposition,
    idempotencyKey: f.idempotencyKey,
    source: f.source,
    lateByMs: f.lateByMs,
    receivedAt: iso(f.receivedAt),
  };
}

export function entryView(
  secret: string,
  record: EntryRecord & { pending: ExplanationNode | null },
  delivered: ReturnType<typeof deliveryOf>,
) {
  const { entry } = record;

  return {
    id: entry.id,
    state: entry.state,
    requester: entry.requester,
    question: entry.question,
    channel: publicChannel(entry.channel),
    criterion: entry.criterion,
    veto: entry.veto,
    deadline: iso(entry.deadlineAt),
    onDeadline: entry.onDeadline,
    parent: entry.parentEntryId
      ? { entryId: entry.parentEntryId, key: entry.parentKey }
      : null,
    metadata: entry.metadata,
    createdAt: iso(entry.createdAt),
    closedAt: iso(entry.closedAt),
    expectations: record.expectations.map((e) =>
      expectationView(secret, entry, e),
    ),
    fragments: record.fragments.map(fragmentView),
    closure: closureView(record.closure),
    pending: record.pending,
    answer: delivered.answer
      ? {
          verdict: delivered.answer.verdict,
          reason: delivered.answer.reason,
          title: delivered.answer.title,
          text: delivered.answer.text,
          parts: delivered.answer.parts,
          assembledBy: delivered.answer.assembledBy,
          createdAt: iso(delivered.answer.createdAt),
        }
      : null,
    deliveries: delivered.deliveries.map((d) => ({
      id: d.id,
      purpose: d.purpose,
      channel: d.channel,
      target: d.target,
      reason: d.reason,
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      createdAt: iso(d.createdAt),
      deliveredAt: iso(d.deliveredAt),
    })),
  };
}

export function timelineView(event: {
  id: number;
  type: string;
  data: unknown;
  at: number;
}) {
  return {
    id: event.id,
    type: event.type,
    at: iso(event.at),
    data: publicEventData(event.type, event.data),
  };
}
