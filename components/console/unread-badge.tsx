"use client";

import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "@/components/trpc-provider";

/** Answers can land in the inbox at any time while one is elsewhere. */
const REFRESH_MS = 10_000;

/** How many inbox items are unread; nothing at all when none are. */
export function UnreadBadge() {
  const trpc = useTRPC();
  const unread = useQuery(
    trpc.inbox.unread.queryOptions(undefined, { refetchInterval: REFRESH_MS }),
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
