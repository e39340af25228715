"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";

import { useTRPC } from "@/components/trpc-provider";
import type { RouterOutputs } from "@/components/trpc-types";
import { Badge, toneOf } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/components/ui/errors";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { clock, duration } from "@/components/ui/time";
import { useNow } from "@/components/ui/use-now";

import { listInput, type CallFilters } from "./filters";
import { REASON_WORDS } from "./words";

type Call = RouterOutputs["entry"]["list"]["items"][number];

const PAGE = 25;

/** Every entry matching the filters, newest first, a page at a time. */
export function CallList({ filters }: { filters: CallFilters }) {
  const trpc = useTRPC();
  const calls = useInfiniteQuery(
    trpc.entry.list.infiniteQueryOptions(listInput(filters, PAGE), {
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
  );

  if (calls.data === undefined) {
    return calls.isError ? (
      <ErrorState
        title="The calls could not be loaded."
        message={errorMessage(calls.error)}
        onRetry={() => void calls.refetch()}
      />
    ) : (
      <Loading what="calls" />
    );
  }

  const items = calls.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return (
      <EmptyState title="No calls match.">
        Change or clear the filters to see more.
      </EmptyState>
    );
  }

  return (
    <div className="flex flex-col gap-3">
      <ul
        aria-label="Calls"
        className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white"
      >
        {items.map((call) => (
          <CallRow key={call.id} call={call} />
        ))}
      </ul>
      <div className="flex flex-wrap items-center gap-3 text-sm text-stone-600">
        <span aria-live="polite">
          {items.length} {items.length === 1 ? "call" : "calls"} shown
          {calls.hasNextPage ? "" : ", that is all"}.
        </span>
        {calls.hasNextPage ? (
          <Button
            disabled={calls.isFetchingNextPage}
            onClick={() => void calls.fetchNextPage()}
          >
            {calls.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        ) : null}
        {calls.isError ? (
          <span className="text-rose-800">{errorMessage(calls.error)}</span>
        ) : null}
      </div>
    </div>
  );
}

function CallRow({ call }: { call: Call }) {
  const now = useNow(10_000);
  const closed = call.state === "closed";

  return (
    <li className="flex flex-col gap-1 px-4 py-3 sm:flex-row sm:items-center sm:gap-4">
      <div className="flex min-w-0 flex-1 flex-col gap-0.5">
        <Link
          href={`/calls/${call.id}`}
          className="truncate rounded-sm font-medium underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-stone-900"
        >
          {call.question}
        </Link>
        <p className="truncate text-xs text-stone-500">
          <span className="font-mono">{call.id}</span> · {call.requester} ·{" "}
          {call.channel.kind}
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-2 text-xs text-stone-600 sm:justify-end">
        <Badge tone={toneOf(closed ? call.verdict : "open")}>
          {closed
            ? `${call.verdict ?? "closed"} · ${REASON_WORDS[call.reason ?? ""] ?? "closed"}`
            : "open"}
        </Badge>
        <span title={new Date(call.createdAt).toISOString()}>
          opened {clock(call.createdAt, now)} · {duration(now - call.createdAt)}{" "}
          ago
        </span>
      </div>
    </li>
  );
}
