"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";

import { useTRPC } from "@/components/trpc-provider";
import { FALLBACK_REFRESH_MS, refreshNow } from "@/components/ui/refresh";

/**
 * How many inbox items are unread; nothing at all when none are. It
 * changes live as answers land in the inbox or are read, in any tab.
 * Its stream is a second connection beside the page's own: over HTTP/1.1
 * a browser keeps about six per host, so a few console tabs can use them
 * up. That goes once a tab's subscriptions share one stream, or with
 * HTTP/2 in front.
 */
export function UnreadBadge() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () =>
    refreshNow(
      queryClient,
      trpc.inbox.unread.queryFilter(),
      trpc.inbox.list.queryFilter(),
    );
  const changes = useSubscription(
    trpc.inbox.changes.subscriptionOptions(undefined, {
      // After a reconnect, what changed meanwhile is read again.
      onStarted: () => void refresh(),
      onData: () => void refresh(),
    }),
  );
  const live = changes.status === "pending";
  const unread = useQuery(
    trpc.inbox.unread.queryOptions(undefined, {
      refetchInterval: live ? false : FALLBACK_REFRESH_MS,
    }),
  );
  const count = unread.data ?? 0;
  if (count === 0) {
    return null;
  }

  return (
    <span className="min-w-5 rounded-full bg-rose-600 px-1.5 text-center text-xs leading-5 font-semibold text-white group-aria-[current=page]:bg-white group-aria-[current=page]:text-stone-900">
      {count > 99 ? "99+" : count}
      <span className="sr-only"> unread</span>
    </span>
  );
}
