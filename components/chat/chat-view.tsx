"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter, useSearchParams } from "next/navigation";

import { useTRPC } from "@/components/trpc-provider";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { EmptyState } from "@/components/ui/states";

import { Composer, EXAMPLE } from "./composer";
import { MessageList } from "./message-list";
import { ThreadMenu } from "./thread-menu";
import { useChatStream } from "./use-chat-stream";

/** The chat: threads beside the current one, its messages, a composer. */
export function ChatView() {
  const router = useRouter();
  const thread = useSearchParams().get("thread");
  const { calls, stream } = useChatStream();

  const onAsked = (asked: string) => {
    if (asked !== thread) {
      router.push(`/chat?thread=${encodeURIComponent(asked)}`);
    }
  };

  return (
    <div className="grid gap-4 lg:grid-cols-[17rem_minmax(0,1fr)] lg:gap-8">
      <ThreadMenu current={thread} />
      <section
        aria-labelledby="conversation"
        className="flex min-w-0 flex-col gap-4"
      >
        <header className="flex flex-wrap items-center justify-between gap-2">
          <Title thread={thread} />
          <LiveIndicator
            status={stream.status}
            error={stream.error}
            onRetry={stream.reset}
          />
        </header>
        {thread ? (
          <MessageList thread={thread} calls={calls} />
        ) : (
          <EmptyState title="Ask about a trip.">
            Docket checks your team&apos;s budget and the travel policy, then
            asks a manager, and answers here. For example: “{EXAMPLE}”
          </EmptyState>
        )}
        <Composer thread={thread} onAsked={onAsked} />
      </section>
    </div>
  );
}

/** The thread's first question, or "New question". */
function Title({ thread }: { thread: string | null }) {
  const trpc = useTRPC();
  const messages = useQuery({
    ...trpc.chat.messages.queryOptions({ thread: thread ?? "" }),
    enabled: thread !== null,
  });
  const first = messages.data?.find((m) => m.role === "user")?.body;

  return (
    <h2 id="conversation" className="min-w-0 text-lg font-semibold break-words">
      {thread === null ? "New question" : (first ?? "Conversation")}
    </h2>
  );
}
