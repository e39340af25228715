"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { useTRPC } from "@/components/trpc-provider";
import type { RouterOutputs } from "@/components/trpc-types";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/components/ui/errors";
import { clock } from "@/components/ui/time";

type Item = RouterOutputs["inbox"]["list"][number];

/** One answer: its title, when it came, and its text once opened. */
export function InboxItem({ item }: { item: Item }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const markRead = useMutation(
    trpc.inbox.markRead.mutationOptions({
      onSettled: async () => {
        await Promise.all([
          queryClient.invalidateQueries(trpc.inbox.list.queryFilter()),
          queryClient.invalidateQueries(trpc.inbox.unread.queryFilter()),
        ]);
      },
    }),
  );
  const unread = item.readAt === null;
  const bodyId = `inbox-${item.id}`;

  const toggle = () => {
    setOpen(!open);
    if (!open && unread && !markRead.isPending) {
      markRead.mutate({ id: item.id });
    }
  };

  return (
    <article
      aria-labelledby={`${bodyId}-title`}
      className={`flex flex-col gap-3 rounded-lg border bg-white p-4 ${unread ? "border-stone-400 shadow-sm" : "border-stone-200"}`}
    >
      <header className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
        <div className="flex min-w-0 flex-col gap-1">
          <h2
            id={`${bodyId}-title`}
            className={`break-words ${unread ? "font-semibold" : "font-medium"}`}
          >
            {item.title}
          </h2>
          <p className="text-sm text-stone-600">
            <time dateTime={new Date(item.createdAt).toISOString()}>
              {clock(item.createdAt)}
            </time>
            {item.readAt !== null ? ` · read ${clock(item.readAt)}` : null}
          </p>
        </div>
        {unread ? <Badge tone="info">unread</Badge> : null}
      </header>
      <p
        id={bodyId}
        className={`break-words whitespace-pre-line text-stone-800 ${open ? "" : "line-clamp-2"}`}
      >
        {item.body}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <Button aria-expanded={open} aria-controls={bodyId} onClick={toggle}>
          {open ? "Show less" : "Open"}
        </Button>
        {unread ? (
          <Button
            disabled={markRead.isPending}
            onClick={() => markRead.mutate({ id: item.id })}
          >
            {markRead.isPending ? "Marking…" : "Mark as read"}
          </Button>
        ) : null}
        {markRead.isError ? (
          <p className="text-sm text-rose-800">
            Not marked read: {errorMessage(markRead.error)}
          </p>
        ) : null}
      </div>
    </article>
  );
}
