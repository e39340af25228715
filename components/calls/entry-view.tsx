"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";

import { useTRPC } from "@/components/trpc-provider";
import { errorCode, errorMessage } from "@/components/ui/errors";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { FALLBACK_REFRESH_MS, refreshNow } from "@/components/ui/refresh";
import { ErrorState, Loading } from "@/components/ui/states";

import { ClosurePanel } from "./closure-panel";
import { EntrySummary } from "./entry-summary";
import { EventList } from "./event-list";
import { ExpectationTable } from "./expectation-table";
import { FragmentList } from "./fragment-list";
import { PendingPanel } from "./pending-panel";
import { isSettled } from "./settled";
import { TimelineChart } from "./timeline-chart";

/**
 * A call's page. Until the entry is closed and its answer delivered, it
 * follows the timeline live and reads the entry again on each new row;
 * then it stops listening.
 */
export function EntryView({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The entry as last read: the query below re-renders as it changes.
  const cached = queryClient.getQueryData(trpc.entry.get.queryKey({ id }));
  const settled =
    cached !== undefined && isSettled(cached.entry.state, cached.timeline);
  const refresh = () =>
    refreshNow(queryClient, trpc.entry.get.queryFilter({ id }));
  const changes = useSubscription(
    trpc.entry.changes.subscriptionOptions(
      { id },
      {
        enabled: cached !== undefined && !settled,
        // After a reconnect, what changed meanwhile is read again.
        onStarted: () => void refresh(),
        onData: () => void refresh(),
      },
    ),
  );
  const live = changes.status === "pending";
  const entry = useQuery(
    trpc.entry.get.queryOptions(
      { id },
      {
        refetchInterval: (query) => {
          const data = query.state.data;
          const following =
            data !== undefined && !isSettled(data.entry.state, data.timeline);

          return following && !live ? FALLBACK_REFRESH_MS : false;
        },
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
      <div className="flex flex-wrap items-center justify-between gap-2">
        <BackLink />
        {settled ? (
          <p role="status" className="text-sm text-stone-600">
            Settled: closed and delivered
          </p>
        ) : (
          <LiveIndicator
            status={changes.status}
            error={changes.error}
            onRetry={changes.reset}
          />
        )}
      </div>
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
