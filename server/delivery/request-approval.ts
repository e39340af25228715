import type { Db } from "@/db/client";
import {
  approvalLinkUrl,
  signApprovalLink,
} from "@/server/auth/approval-links";
import type { TimelineEvent } from "@/server/registry/types";

import { approvalMessage } from "./approval-message";
import { findApprovers } from "./approvers";
import { markDone, takeRow } from "./complete-entry";
import { draftOf } from "./draft";
import { queueDelivery } from "./queue-delivery";
import { loadEntryView } from "./records";
import { TimelineRows } from "./timeline";
import { immediate } from "./transaction";

export interface RequestDeps {
  db: Db;
  now: number;
  secret: string;
  publicUrl: string;
}

/** Links live a week unless the expectation or the entry ends sooner. */
const LINK_LIFE_MS = 7 * 24 * 3_600_000;

/**
 * Takes one `approval_request` row of the outbox, in one transaction:
 * finds the approvers and queues an email for each, with the question, the
 * prompt, the draft so far and a signed link to the confirm page. An
 * expectation that no longer waits needs no one asked.
 */
export function requestApproval(
  deps: RequestDeps,
  outboxId: number,
): TimelineEvent[] {
  const { db, now } = deps;

  return immediate(db, () => {
    const row = takeRow(db, outboxId);
    if (!row) {
      return [];
    }
    const key = String(row.payload.key);
    const view = loadEntryView(db, row.entryId);
    const expectation = view?.expectations.find((e) => e.key === key);
    const timeline = new TimelineRows(db, now);
    const route = (choice: string, reason: string, to: string[]) =>
      timeline.add(row.entryId, "route.chosen", {
        purpose: "approval_request",
        key,
        choice,
        channels: to.map(() => "email"),
        recipients: to,
        reason,
      });
    if (!view || !expectation || expectation.state !== "waiting") {
      const state = expectation?.state ?? "gone";
      route("none", `"${key}" is ${state}: no one needs asking`, []);
      markDone(db, row);

      return timeline.events;
    }
    const found = findApprovers(db, expectation.assignee);
    route(
      found.choice,
      found.reason,
      found.approvers.map((a) => a.email),
    );
    const ends = [
      view.entry.deadlineAt,
      expectation.timeoutAt,
      now + LINK_LIFE_MS,
    ];
    const expiresAt = Math.min(...ends.filter((t): t is number => t !== null));
    const draft = draftOf(view);
    for (const approver of found.approvers) {
      const token = signApprovalLink(deps.secret, {
        entryId: row.entryId,
        key,
        userId: approver.userId,
        expiresAt,
      });
      const link = approvalLinkUrl(deps.publicUrl, token);
      const message = approvalMessage({
        entry: view.entry,
        expectation,
        approver,
        draft,
        link,
        expiresAt,
      });
      queueDelivery(db, timeline, {
        entryId: row.entryId,
        purpose: "approval_request",
        channel: "email",
        target: { to: approver.email, userId: approver.userId, key },
        reason: found.reason,
        skip: null,
        message: { ...message, link },
      });
    }
    markDone(db, row);

    return timeline.events;
  });
}
