"use client";

import { useQuery } from "@tanstack/react-query";
import { Fragment, useEffect, useRef } from "react";

import { useTRPC } from "@/components/trpc-provider";
import { errorMessage } from "@/components/ui/errors";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";

import { CallPanel } from "./call-panel";
import { MessageBubble, type ChatMessage } from "./message-bubble";
import type { LiveCalls } from "./use-chat-stream";

/** A thread's messages, each open call shown under its question. */
export function MessageList({
  thread,
  calls,
}: {
  thread: string;
  calls: LiveCalls;
}) {
  const trpc = useTRPC();
  const messages = useQuery(trpc.chat.messages.queryOptions({ thread }));
  const end = useRef<HTMLDivElement>(null);
  const count = messages.data?.length ?? 0;

  // Keep the newest message in view as the thread grows.
  useEffect(() => {
    end.current?.scrollIntoView({ block: "nearest" });
  }, [count]);

  if (messages.data === undefined) {
    return messages.isError ? (
      <ErrorState
        title="This thread could not be loaded."
        message={errorMessage(messages.error)}
        onRetry={() => void messages.refetch()}
      />
    ) : (
      <Loading what="the thread" />
    );
  }
  if (messages.data.length === 0) {
    return (
      <EmptyState title="Nothing in this thread yet.">
        Ask a question below to start it.
      </EmptyState>
    );
  }

  return (
    <div role="log" aria-label="Messages" className="flex flex-col gap-4">
      {messages.data.map((message) => (
        <Fragment key={message.id}>
          <MessageBubble message={message} />
          {isOpenCall(message, messages.data) && message.entryId ? (
            <CallPanel
              entryId={message.entryId}
              live={calls[message.entryId]}
            />
          ) : null}
        </Fragment>
      ))}
      <div ref={end} />
    </div>
  );
}

/** A question whose call has not answered in this thread yet. */
function isOpenCall(message: ChatMessage, all: ChatMessage[]): boolean {
  if (message.role !== "user" || !message.entryId) {
    return false;
  }

  return !all.some(
    (other) => other.role === "docket" && other.entryId === message.entryId,
  );
}
