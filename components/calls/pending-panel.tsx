import { Badge, toneOf } from "@/components/ui/badge";
import { clock, timeLeft } from "@/components/ui/time";
import { useNow } from "@/components/ui/use-now";
import type {
  Entry,
  Expectation,
  ExplanationNode,
} from "@/server/registry/types";

import { pendingClauses, type WaitingOn } from "./pending";
import { listWords } from "./words";

/** Why an open call is still open: each clause and what it waits for. */
export function PendingPanel({
  pending,
  entry,
  expectations,
}: {
  pending: ExplanationNode;
  entry: Entry;
  expectations: Expectation[];
}) {
  const now = useNow();
  const clauses = pendingClauses(pending, entry.criterion, expectations);

  return (
    <section
      aria-labelledby="pending"
      className="flex flex-col gap-3 rounded-lg border border-amber-200 bg-amber-50/60 p-4"
    >
      <h2 id="pending" className="text-lg font-semibold">
        Why it is still open
      </h2>
      <p className="text-sm">
        {entry.deadlineAt === null
          ? "It has no deadline."
          : `Deadline ${clock(entry.deadlineAt, now)}: ${timeLeft(entry.deadlineAt, now)}.`}
      </p>
      <ul className="flex flex-col gap-2">
        {clauses.map((clause, i) => (
          <li
            key={`${clause.clause}-${i}`}
            style={{ marginLeft: `${clause.depth * 1.25}rem` }}
            className="flex flex-col gap-1"
          >
            <p className="flex flex-wrap items-center gap-2 text-sm">
              <span className="font-mono text-xs">{clause.clause}</span>
              <Badge
                tone={clause.met ? "good" : clause.possible ? "waiting" : "bad"}
              >
                {clause.met
                  ? "met"
                  : clause.possible
                    ? "not met yet"
                    : "can no longer be met"}
              </Badge>
            </p>
            {clause.waitingOn.length > 0 ? (
              <ul className="ml-4 flex list-disc flex-col gap-0.5 pl-4 text-sm">
                {clause.waitingOn.map((w) => (
                  <li key={w.key}>
                    <WaitingLine waiting={w} now={now} />
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function WaitingLine({ waiting, now }: { waiting: WaitingOn; now: number }) {
  const parts = [`${waiting.kind}`];
  if (waiting.blockedBy.length > 0) {
    const verb = waiting.blockedBy.length === 1 ? "arrives" : "arrive";
    parts.push(`blocked until ${listWords(waiting.blockedBy)} ${verb}`);
  }
  if (waiting.timeoutAt !== null) {
    parts.push(
      `times out ${clock(waiting.timeoutAt, now)} (${timeLeft(waiting.timeoutAt, now)})`,
    );
  }

  return (
    <span>
      <span className="font-mono font-medium">{waiting.key}</span>{" "}
      <Badge tone={toneOf(waiting.state)}>
        {waiting.state.replace("_", " ")}
      </Badge>{" "}
      <span className="text-stone-600">{parts.join(" · ")}</span>
    </span>
  );
}
