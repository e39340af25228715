"use client";

import { useState } from "react";

import { Badge, toneOf } from "@/components/ui/badge";
import { JsonView } from "@/components/ui/json-view";
import { clock, duration, timeLeft } from "@/components/ui/time";
import { useNow } from "@/components/ui/use-now";

import { DecisionPanel } from "./decision-panel";
import { decidedBy, decisionNotes, type ApprovalItem } from "./outcome";

/** One human fragment: what is asked, what has arrived, and the decision. */
export function ApprovalCard({ item }: { item: ApprovalItem }) {
  const [outcome, setOutcome] = useState<string | null>(null);
  const headingId = `approval-${item.entryId}-${item.key}`;

  return (
    <article
      aria-labelledby={headingId}
      className="flex flex-col gap-4 rounded-lg border border-stone-200 bg-white p-4 shadow-xs sm:p-5"
    >
      <header className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
        <div className="flex min-w-0 flex-col gap-1">
          <h2 id={headingId} className="text-lg font-semibold break-words">
            {item.question}
          </h2>
          <p className="text-sm break-words text-stone-600">
            Asked by {item.requester} ·{" "}
            <span className="font-mono text-xs">{item.entryId}</span>
          </p>
        </div>
        <Badge
          tone={toneOf(item.decision ? item.decision.outcome : item.state)}
        >
          {stateWords(item)}
        </Badge>
      </header>

      {item.prompt ? (
        <p className="rounded-md border-l-4 border-sky-400 bg-sky-50 px-3 py-2 text-sky-950">
          {item.prompt}
        </p>
      ) : null}

      <Facts item={item} />
      {item.state === "waiting" ? (
        <Draft draft={item.draft} />
      ) : (
        <details>
          <summary className="cursor-pointer rounded-sm text-sm font-medium text-stone-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-stone-900">
            The draft it was decided on
          </summary>
          <div className="mt-2">
            <Draft draft={item.draft} />
          </div>
        </details>
      )}

      {outcome ? (
        <p
          aria-live="polite"
          className="rounded-md bg-stone-900 px-3 py-2 text-sm font-medium text-white"
        >
          {outcome}
        </p>
      ) : null}
      {item.decision ? <Decided decision={item.decision} /> : null}
      {item.canDecide ? (
        <DecisionPanel item={item} onOutcome={setOutcome} />
      ) : (
        <Watching item={item} />
      )}
    </article>
  );
}

function stateWords(item: ApprovalItem): string {
  if (item.state === "waiting") {
    return "waiting for a decision";
  }
  if (item.decision) {
    return item.decision.outcome === "ok" ? "approved" : "rejected";
  }

  return item.state.replace("_", " ");
}

function Facts({ item }: { item: ApprovalItem }) {
  const now = useNow();
  const facts: [string, string][] = [["For", item.assignee ?? "any approver"]];
  if (item.state === "waiting") {
    const since = clock(item.waitingSince, now);
    facts.push([
      "Waiting",
      `${duration(now - item.waitingSince)} (since ${since})`,
    ]);
    facts.push([
      "Deadline",
      item.deadlineAt === null
        ? "none"
        : `${clock(item.deadlineAt, now)} · ${timeLeft(item.deadlineAt, now)}`,
    ]);
    if (item.timeoutAt !== null) {
      facts.push([
        "Times out",
        `${clock(item.timeoutAt, now)} · ${timeLeft(item.timeoutAt, now)}`,
      ]);
    }
  } else {
    // Once decided, the clock no longer runs for it.
    facts.push(["Asked", clock(item.waitingSince, now)]);
  }
  facts.push(["Claimed by", item.claimedBy ?? "nobody yet"]);

  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
      {facts.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-stone-500">{label}</dt>
          <dd className="min-w-0 break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Draft({ draft }: { draft: ApprovalItem["draft"] }) {
  return (
    <section className="flex flex-col gap-2">
      <h3 className="text-sm font-semibold text-stone-700">
        Draft: what has arrived so far
      </h3>
      {draft.length === 0 ? (
        <p className="text-sm text-stone-500">Nothing has arrived yet.</p>
      ) : (
        <ul className="flex flex-col gap-2">
          {draft.map((part, i) => (
            <li key={`${part.key}-${i}`} className="flex flex-col gap-1">
              <p className="flex items-center gap-2 text-sm">
                <span className="font-mono font-medium">{part.key}</span>
                <Badge tone={toneOf(part.outcome)}>{part.outcome}</Badge>
              </p>
              <JsonView value={part.payload} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Decided({
  decision,
}: {
  decision: NonNullable<ApprovalItem["decision"]>;
}) {
  const verb = decision.outcome === "ok" ? "Approved" : "Rejected";
  const { comment, edited } = decisionNotes(decision);

  return (
    <div className="flex flex-col gap-1 rounded-md bg-stone-100 px-3 py-2 text-sm">
      <p>
        <strong>
          {verb} by {decidedBy(decision)}
        </strong>{" "}
        at {clock(decision.at)}
        {comment ? <> — “{comment}”</> : null}
      </p>
      {edited ? (
        <div className="flex flex-col gap-1">
          <p className="text-stone-600">With this edited answer:</p>
          <JsonView value={edited} />
        </div>
      ) : null}
    </div>
  );
}

function Watching({ item }: { item: ApprovalItem }) {
  if (item.state !== "waiting") {
    return null;
  }

  return (
    <p className="text-sm text-stone-600">
      This one is for {item.assignee ?? "its approvers"}: you can follow it
      here, not decide it.
    </p>
  );
}
