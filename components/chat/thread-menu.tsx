"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { useTRPC } from "@/components/trpc-provider";
import type { RouterOutputs } from "@/components/trpc-types";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/components/ui/errors";
import { ErrorState } from "@/components/ui/states";
import { clock } from "@/components/ui/time";

type Thread = RouterOutputs["chat"]["threads"][number];

const LINK =
  "block rounded-md px-3 py-2 hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-stone-900 aria-[current=page]:bg-stone-900 aria-[current=page]:text-white";

/** The user's threads: a column on wide screens, a menu on a phone. */
export function ThreadMenu({ current }: { current: string | null }) {
  const trpc = useTRPC();
  const threads = useQuery(trpc.chat.threads.queryOptions());
  const [open, setOpen] = useState(false);
  const count = threads.data?.length;

  return (
    <nav aria-label="Threads" className="flex flex-col gap-2">
      <div className="flex items-center justify-between gap-2 lg:hidden">
        <Button
          aria-expanded={open}
          aria-controls="thread-list"
          onClick={() => setOpen(!open)}
        >
          Threads{count ? ` (${count})` : ""}
        </Button>
        <NewQuestion current={current} onGo={() => setOpen(false)} />
      </div>
      <div
        id="thread-list"
        className={`flex-col gap-2 ${open ? "flex" : "hidden lg:flex"}`}
      >
        <div className="hidden lg:block">
          <NewQuestion current={current} onGo={() => setOpen(false)} />
        </div>
        {threads.data === undefined ? (
          threads.isError ? (
            <ErrorState
              title="Your threads could not be loaded."
              message={errorMessage(threads.error)}
              onRetry={() => void threads.refetch()}
            />
          ) : (
            <p role="status" className="px-3 text-sm text-stone-500">
              Loading threads…
            </p>
          )
        ) : threads.data.length === 0 ? (
          <p className="px-3 text-sm text-stone-500">
            No threads yet: your questions start them.
          </p>
        ) : (
          <ul className="flex flex-col gap-1">
            {threads.data.map((thread) => (
              <li key={thread.thread}>
                <ThreadLink
                  thread={thread}
                  current={thread.thread === current}
                  onGo={() => setOpen(false)}
                />
              </li>
            ))}
          </ul>
        )}
      </div>
    </nav>
  );
}

function NewQuestion({
  current,
  onGo,
}: {
  current: string | null;
  onGo: () => void;
}) {
  return (
    <Link
      href="/chat"
      onClick={onGo}
      aria-current={current === null ? "page" : undefined}
      className={`${LINK} border border-stone-300 bg-white text-sm font-medium`}
    >
      New question
    </Link>
  );
}

function ThreadLink({
  thread,
  current,
  onGo,
}: {
  thread: Thread;
  current: boolean;
  onGo: () => void;
}) {
  return (
    <Link
      href={`/chat?thread=${encodeURIComponent(thread.thread)}`}
      onClick={onGo}
      aria-current={current ? "page" : undefined}
      className={`${LINK} group text-sm`}
    >
      <span className="line-clamp-2 break-words">{firstLine(thread.body)}</span>
      <span className="mt-0.5 block text-xs text-stone-500 group-aria-[current=page]:text-stone-300">
        {threadFacts(thread)}
      </span>
    </Link>
  );
}

/** "Answered 14:07 · 2 messages". */
function threadFacts(thread: Thread): string {
  const what = thread.role === "docket" ? "Answered" : "Asked";
  const when = thread.lastAt === null ? "" : ` ${clock(thread.lastAt)}`;
  const count = `${thread.count} ${thread.count === 1 ? "message" : "messages"}`;

  return `${what}${when} · ${count}`;
}

/** An answer's first line is its headline; the rest is in the thread. */
function firstLine(body: string): string {
  return body.split("\n", 1)[0] ?? body;
}
