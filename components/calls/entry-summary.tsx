import { Badge, toneOf } from "@/components/ui/badge";
import { clock, timeLeft } from "@/components/ui/time";
import { useNow } from "@/components/ui/use-now";
import type { Entry } from "@/server/registry/types";

export function EntrySummary({ entry }: { entry: Entry }) {
  const now = useNow();
  const facts: [string, string][] = [
    ["Asked by", entry.requester],
    ["Channel", entry.channel.kind],
    ["Opened", clock(entry.createdAt, now)],
    ["Deadline", deadlineWords(entry, now)],
  ];
  if (entry.closedAt !== null) {
    facts.push(["Closed", clock(entry.closedAt, now)]);
  }
  if (entry.parentEntryId) {
    facts.push(["Part of", `${entry.parentEntryId} (${entry.parentKey})`]);
  }

  return (
    <header className="flex flex-col gap-3">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
        <h1 className="text-2xl font-semibold tracking-tight break-words">
          {entry.question}
        </h1>
        <Badge tone={toneOf(entry.state)}>{entry.state}</Badge>
      </div>
      <p className="font-mono text-xs break-all text-stone-500">{entry.id}</p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
        {facts.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-stone-500">{label}</dt>
            <dd className="min-w-0 break-words">{value}</dd>
          </div>
        ))}
      </dl>
      <details className="text-sm">
        <summary className="cursor-pointer rounded-sm font-medium text-stone-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-stone-900">
          Criterion{entry.veto.length > 0 ? " and veto" : ""}
        </summary>
        <pre className="mt-2 overflow-auto rounded-md bg-stone-100 px-3 py-2 font-mono text-xs">
          {JSON.stringify(
            { criterion: entry.criterion, veto: entry.veto },
            null,
            2,
          )}
        </pre>
      </details>
    </header>
  );
}

/** "14:45 · 12m left · then fail", or "none". */
function deadlineWords(entry: Entry, now: number): string {
  if (entry.deadlineAt === null) {
    return "none";
  }
  const left =
    entry.state === "open" ? ` · ${timeLeft(entry.deadlineAt, now)}` : "";
  const then =
    entry.onDeadline === "fail" ? "fail" : "complete with what arrived";

  return `${clock(entry.deadlineAt, now)}${left} · then ${then}`;
}
