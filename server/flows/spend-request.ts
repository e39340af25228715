import type { Db } from "@/db/client";
import type { SessionUser } from "@/server/auth/users";
import type { LiveBus } from "@/server/delivery/live";
import type { Logger } from "@/server/logger";
import type { Registry } from "@/server/registry/registry";

import { askPolicyAgent } from "./ask-policy-agent";
import { checkBudget } from "./check-budget";
import { linkQuestion, postQuestion, postReply } from "./chat-messages";
import { parseTrip, type TripRequest } from "./parse-trip";
import { DomainError } from "@/server/registry/errors";

export const SPEND_REQUEST = "spend-request";

export interface FlowDeps {
  db: Db;
  registry: Registry;
  live: LiveBus;
  log: Logger;
  agent: { url: string; token: string | undefined; docketUrl: string };
}

/**
 * "Can I fly SFO to JFK on 3 May for $640?": opens an entry that waits for
 * the budget tool, the travel-policy agent and then a manager, any of whom
 * can say no, and sets the first two to work.
 */
export async function askSpendRequest(
  deps: FlowDeps,
  input: { user: SessionUser; thread: string; question: string },
): Promise<{ entryId: string | null }> {
  const { db, live } = deps;
  const { user, thread, question } = input;
  const messageId = postQuestion(db, {
    thread,
    userEmail: user.email,
    body: question,
  });
  const parsed = parseTrip(question, new Date());
  if (!parsed.ok) {
    postReply(db, live, {
      thread,
      userEmail: user.email,
      body:
        `To check a trip I need ${parsed.missing.join(", ")}. ` +
        'For example: "Can I fly SFO to JFK on 3 May for $640?"',
    });

    return { entryId: null };
  }
  const { trip } = parsed;
  const opened = await openFor(
    deps,
    { thread, userEmail: user.email },
    {
      requester: user.email,
      question,
      channel: { kind: "chat", thread },
      expect: [
        { key: "budget", kind: "tool", timeout: "30s" },
        { key: "policy", kind: "agent", timeout: "2m" },
        { key: "reasoning", kind: "agent", required: false, timeout: "2m" },
        {
          key: "approval",
          kind: "human",
          assignee: "group:managers",
          after: ["budget", "policy"],
          prompt: `Approve ${user.name}'s trip ${describeTrip(trip)}?`,
        },
      ],
      criterion: { all: ["budget", "policy", "approval"] },
      veto: ["budget", "policy", "approval"],
      deadline: "2h",
      onDeadline: "fail",
      metadata: { flow: SPEND_REQUEST, trip: { ...trip } },
    },
    { type: "user", userId: user.id },
  );
  if (!opened) {
    return { entryId: null };
  }
  linkQuestion(db, messageId, opened.id);
  const log = deps.log.child({ entryId: opened.id, flow: SPEND_REQUEST });
  log.info({ trip }, "flow.started");
  setImmediate(() => {
    runBudgetTool(deps, opened.id, user.email, trip).catch((error: unknown) =>
      log.error({ err: error }, "budget.failed"),
    );
  });
  startPolicyAgent(deps, opened.id, user.email, trip).catch((error: unknown) =>
    log.error({ err: error }, "policy.failed"),
  );

  return { entryId: opened.id };
}

/**
 * Opens the entry; when no one could ever approve it (the asker is the
 * only manager, say), the chat is told why instead of the question
 * going unanswered, and nothing is opened.
 */
async function openFor(
  deps: FlowDeps,
  reply: { thread: string; userEmail: string },
  ...args: Parameters<FlowDeps["registry"]["openEntry"]>
) {
  try {
    return await deps.registry.openEntry(...args);
  } catch (error) {
    const undecidable =
      error instanceof DomainError &&
      error.code === "invalid" &&
      "problems" in error.details;
    if (!undecidable) {
      throw error;
    }
    postReply(deps.db, deps.live, {
      ...reply,
      body:
        `I can't ask for an approval: ${error.message}. ` +
        "An admin can add another approver to the managers group.",
    });

    return null;
  }
}

export function describeTrip(trip: TripRequest): string {
  const cabin = trip.cabin === "economy" ? "" : ` in ${trip.cabin}`;

  return (
    `${trip.from} → ${trip.to} on ${trip.date}${cabin} ` +
    `for $${trip.priceUsd.toLocaleString("en-US")}`
  );
}

/** The tool answers in milliseconds from the company's own tables. */
async function runBudgetTool(
  deps: FlowDeps,
  entryId: string,
  userEmail: string,
  trip: TripRequest,
): Promise<void> {
  const check = checkBudget(deps.db, {
    userEmail,
    amountUsd: trip.priceUsd,
    date: trip.date,
  });
  const fragment = check
    ? {
        key: "budget",
        outcome: check.enough ? ("ok" as const) : ("negative" as const),
        payload: { ...check },
      }
    : {
        key: "budget",
        outcome: "error" as const,
        payload: { message: `${userEmail} has no travel budget here` },
      };
  await deps.registry.recordFragment(
    entryId,
    { ...fragment, source: "budget-tool", idempotencyKey: "budget-tool" },
    { type: "system" },
  );
}

async function startPolicyAgent(
  deps: FlowDeps,
  entryId: string,
  userEmail: string,
  trip: TripRequest,
): Promise<void> {
  const { token, url, docketUrl } = deps.agent;
  try {
    if (!token) {
      throw new Error("POLICY_AGENT_TOKEN is not set");
    }
    await askPolicyAgent(
      { url, token, docketUrl },
      {
        entryId,
        key: "policy",
        streamKey: "reasoning",
        trip: { ...trip, travellerEmail: userEmail },
      },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await deps.registry.recordFragment(
      entryId,
      {
        key: "policy",
        outcome: "error",
        payload: { message: `the policy agent could not be asked: ${message}` },
        source: "spend-request",
      },
      { type: "system" },
    );
  }
}
