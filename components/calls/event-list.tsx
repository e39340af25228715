import { duration, preciseClock } from "@/components/ui/time";
import type { TimelineEvent } from "@/server/registry/types";

import { summariseData } from "./words";

/** Every timeline row in order: when, what, and its data in brief. */
export function EventList({
  events,
  start,
}: {
  events: TimelineEvent[];
  start: number;
}) {
  if (events.length === 0) {
    return <p className="text-sm text-stone-500">No events yet.</p>;
  }

  return (
    <ol
      aria-label="Events"
      className="flex max-h-[28rem] flex-col divide-y divide-stone-100 overflow-auto rounded-lg border border-stone-200 bg-white text-sm"
    >
      {events.map((event) => (
        <li key={event.id} className="flex flex-col gap-0.5 px-3 py-2">
          <p className="flex flex-wrap items-baseline gap-x-2">
            <span className="font-mono text-xs font-semibold">
              {event.type}
            </span>
            <time
              dateTime={new Date(event.at).toISOString()}
              className="text-xs text-stone-500"
              title={preciseClock(event.at)}
            >
              +{duration(event.at - start)}
            </time>
          </p>
          {Object.keys(event.data).length > 0 ? (
            <p className="text-xs break-words text-stone-600">
              {summariseData(event.data)}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
