"use client";

import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "@/components/trpc-provider";
import { errorMessage } from "@/components/ui/errors";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";

import { InboxItem } from "./inbox-item";

/** Answers that came while one was away, newest first. */
export function InboxList() {
  const trpc = useTRPC();
  const items = useQuery(trpc.inbox.list.queryOptions());

  if (items.data === undefined) {
    return items.isError ? (
      <ErrorState
        title="The inbox could not be loaded."
        message={errorMessage(items.error)}
        onRetry={() => void items.refetch()}
      />
    ) : (
      <Loading what="the inbox" />
    );
  }
  if (items.data.length === 0) {
    return (
      <EmptyState title="Nothing in your inbox.">
        When an answer comes while you are not in the chat, it is kept here.
      </EmptyState>
    );
  }
  const unread = items.data.filter((item) => item.readAt === null).length;

  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm text-stone-600" aria-live="polite">
        {unread === 0
          ? "Everything here has been read."
          : `${unread} unread of ${items.data.length}.`}
      </p>
      <ul aria-label="Inbox" className="flex flex-col gap-3">
        {items.data.map((item) => (
          <li key={item.id}>
            <InboxItem item={item} />
          </li>
        ))}
      </ul>
    </div>
  );
}
