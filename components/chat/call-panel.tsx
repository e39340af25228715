"use client";

import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "@/components/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { errorMessage } from "@/components/ui/errors";
import { clock, timeLeft } from "@/components/ui/time";
import { useNow } from "@/components/ui/use-now";

import { mergeCall } from "./call-progress";
import { phaseOf, slotWords, type Phase, type Slot } from "./status-words";
import { streamedText, type LiveCall } from "./use-chat-stream";

const PHASE_BADGE = {
  in: { tone: "good", words: "in" },
  waiting: { tone: "waiting", words: "waiting" },
  ended: { tone: "bad", words: "missing" },
} as const satisfies Record<Phase, unknown>;

/** An open call under its question: its results, notes and reasoning. */
export function CallPanel({
  entryId,
  live,
}: {
  entryId: string;
  live: LiveCall | undefined;
}) {
  const trpc = useTRPC();
  const status = useQuery(trpc.chat.status.queryOptions({ entryId }));
  const closed = status.data?.state === "closed";
  // After a reload the database has what the stream showed before it.
  const shown = mergeCall(status.data, live);

  return (
    <section
      aria-label="Where this call stands"
      className="flex flex-col gap-3 rounded-lg border border-amber-200 bg-amber-50/60 p-3 text-sm sm:p-4"
    >
      <header className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h3 className="font-semibold">
          {closed ? "Decided — the answer is on its way" : "Working on it"}
        </h3>
        {status.data?.deadlineAt && !closed ? (
          <Deadline at={status.data.deadlineAt} />
        ) : null}
      </header>
      {status.data ? (
        <Results slots={status.data.expectations} />
      ) : status.isError ? (
        <p className="text-rose-800">
          Its status could not be read: {errorMessage(status.error)}
        </p>
      ) : (
        <p className="text-stone-600">Reading its status…</p>
      )}
      <Notes live={shown} />
      <Reasoning live={shown} />
    </section>
  );
}

function Deadline({ at }: { at: number }) {
  const now = useNow();

  return (
    <p className="text-xs text-stone-600">
      Deadline {clock(at, now)} · {timeLeft(at, now)}
    </p>
  );
}

function Results({ slots }: { slots: Slot[] }) {
  return (
    <ul aria-label="Results" className="flex flex-col gap-1.5">
      {slots.map((slot) => {
        const badge = PHASE_BADGE[phaseOf(slot)];

        return (
          <li key={slot.key} className="flex items-start gap-2">
            <Badge tone={badge.tone}>{badge.words}</Badge>
            <span className="min-w-0 break-words">
              {slotWords(slot, slots)}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function Notes({ live }: { live: LiveCall | undefined }) {
  if (!live || live.notes.length === 0) {
    return null;
  }

  return (
    <div className="flex flex-col gap-1">
      <h4 className="font-medium text-stone-700">Progress</h4>
      <ol aria-label="Progress notes" className="flex flex-col gap-0.5">
        {live.notes.map((item) => (
          <li key={item.id} className="break-words text-stone-700">
            <span className="font-mono text-xs text-stone-500">{item.key}</span>{" "}
            {typeof item.note === "string"
              ? item.note
              : JSON.stringify(item.note)}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The agent's reasoning as it streams; not read aloud piece by piece. */
function Reasoning({ live }: { live: LiveCall | undefined }) {
  const text = streamedText(live);
  if (!text) {
    return null;
  }

  return (
    <div className="flex flex-col gap-1">
      <h4 className="font-medium text-stone-700">
        Reasoning{live?.done ? "" : " (arriving)"}
      </h4>
      <p
        aria-live="off"
        className="rounded-md bg-white px-3 py-2 break-words whitespace-pre-wrap text-stone-800"
      >
        {text}
      </p>
    </div>
  );
}
