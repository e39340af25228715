"use client";

import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "@/components/trpc-provider";
import { errorMessage } from "@/components/ui/errors";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";

import { ApprovalCard } from "./approval-card";
import type { ApprovalItem } from "./outcome";

/** Polled for now; a live subscription will take its place. */
const REFRESH_MS = 2_000;

export function ApprovalList() {
  const trpc = useTRPC();
  const list = useQuery(
    trpc.approval.list.queryOptions(undefined, {
      refetchInterval: REFRESH_MS,
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
      <p className="text-sm text-stone-600" aria-live="polite">
        {waitingWords(waiting.length)} Refreshed every few seconds.
      </p>
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
