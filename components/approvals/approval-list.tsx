"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";

import { useTRPC } from "@/components/trpc-provider";
import { errorMessage } from "@/components/ui/errors";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { FALLBACK_REFRESH_MS, refreshNow } from "@/components/ui/refresh";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";

import { ApprovalCard } from "./approval-card";
import type { ApprovalItem } from "./outcome";

export function ApprovalList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listFilter = trpc.approval.list.queryFilter();

  const refresh = () => refreshNow(queryClient, listFilter);
  const changes = useSubscription(
    trpc.approval.changes.subscriptionOptions(undefined, {
      // After a reconnect, what changed meanwhile is read again.
      onStarted: () => void refresh(),
      onData: () => void refresh(),
    }),
  );
  const live = changes.status === "pending";
  const list = useQuery(
    trpc.approval.list.queryOptions(undefined, {
      refetchInterval: live ? false : FALLBACK_REFRESH_MS,
    }),
  );

  if (list.data === undefined) {
    return list.isError ? (
      <ErrorState
        title="The approvals could not be loaded."
        message={errorMessage(list.error)}
        onRetry={() => void list.refetch()}
      />
    ) : (
      <Loading what="approvals" />
    );
  }

  const waiting = list.data.filter((item) => item.state === "waiting");

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-stone-600" aria-live="polite">
          {waitingWords(waiting.length)}
        </p>
        <LiveIndicator
          status={changes.status}
          error={changes.error}
          onRetry={changes.reset}
        />
      </div>
      {list.isError ? (
        <p className="text-sm text-rose-800">
          The last refresh failed: {errorMessage(list.error)}
        </p>
      ) : null}
      {list.data.length === 0 ? (
        <EmptyState title="Nothing to decide.">
          Approvals appear here when a call needs your decision.
        </EmptyState>
      ) : (
        <Items items={list.data} />
      )}
    </div>
  );
}

function waitingWords(count: number): string {
  if (count === 0) {
    return "Nothing waits for a decision.";
  }

  return count === 1
    ? "One approval waits for a decision."
    : `${count} approvals wait for a decision.`;
}

/** Waiting ones first, then the recently decided, each newest first. */
function Items({ items }: { items: ApprovalItem[] }) {
  const ordered = [
    ...items.filter((item) => item.state === "waiting"),
    ...items.filter((item) => item.state !== "waiting"),
  ];

  return (
    <ul className="flex flex-col gap-4">
      {ordered.map((item) => (
        <li key={`${item.entryId}:${item.key}`}>
          <ApprovalCard item={item} />
        </li>
      ))}
    </ul>
  );
}
