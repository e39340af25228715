"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { useTRPC } from "@/components/trpc-provider";
import { errorCode, errorMessage } from "@/components/ui/errors";
import { ErrorState, Loading } from "@/components/ui/states";

import { ClosurePanel } from "./closure-panel";
import { EntrySummary } from "./entry-summary";
import { EventList } from "./event-list";
import { ExpectationTable } from "./expectation-table";
import { FragmentList } from "./fragment-list";
import { PendingPanel } from "./pending-panel";
import { TimelineChart } from "./timeline-chart";

/** An open entry changes as results arrive; a closed one is settled. */
const OPEN_REFRESH_MS = 2_000;

export function EntryView({ id }: { id: string }) {
  const trpc = useTRPC();
  const entry = useQuery(
    trpc.entry.get.queryOptions(
      { id },
      {
        refetchInterval: (query) =>
          query.state.data?.entry.state === "open" ? OPEN_REFRESH_MS : false,
      },
    ),
  );

  if (entry.data === undefined) {
    if (!entry.isError) {
      return <Loading what="the call" />;
    }
    const missing = errorCode(entry.error) === "NOT_FOUND";

    return (
      <div className="flex flex-col gap-3">
        <ErrorState
          title={missing ? "No such call." : "The call could not be loaded."}
          message={
            missing
              ? `There is no entry with the id ${id}.`
              : errorMessage(entry.error)
          }
          onRetry={missing ? undefined : () => void entry.refetch()}
        />
        <BackLink />
      </div>
    );
  }

  const data = entry.data;

  return (
    <div className="flex flex-col gap-6">
      <BackLink />
      <EntrySummary entry={data.entry} />
      {data.closure ? (
        <ClosurePanel closure={data.closure} fragments={data.fragments} />
      ) : data.pending ? (
        <PendingPanel
          pending={data.pending}
          entry={data.entry}
          expectations={data.expectations}
        />
      ) : null}
      <section aria-labelledby="timeline" className="flex flex-col gap-3">
        <h2 id="timeline" className="text-lg font-semibold">
          Timeline
        </h2>
        <div className="grid gap-4 lg:grid-cols-5">
          <div className="min-w-0 lg:col-span-3">
            <TimelineChart
              entry={data.entry}
              expectations={data.expectations}
              events={data.timeline}
            />
          </div>
          <div className="min-w-0 lg:col-span-2">
            <EventList events={data.timeline} start={data.entry.createdAt} />
          </div>
        </div>
      </section>
      <ExpectationTable expectations={data.expectations} />
      <FragmentList fragments={data.fragments} />
    </div>
  );
}

function BackLink() {
  return (
    <Link
      href="/calls"
      className="self-start rounded-sm text-sm font-medium text-stone-600 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-stone-900"
    >
      ← All calls
    </Link>
  );
}
