"use client";

import {
  useQueryClient,
  type QueryClient,
  type QueryFilters,
} from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useReducer } from "react";

import { useTRPC } from "@/components/trpc-provider";
import type { LiveEvent } from "@/server/delivery/live";
import type { Json } from "@/server/registry/types";

/** What a call has shown live: progress notes and streamed text. */
export interface LiveCall {
  notes: { id: string; key: string; note: Json; at: number }[];
  /** Streamed pieces by sequence number; repeats overwrite themselves. */
  chunks: Record<number, string>;
  done: boolean;
}

export type LiveCalls = Record<string, LiveCall>;

const EMPTY: LiveCall = { notes: [], chunks: {}, done: false };

function reduce(calls: LiveCalls, event: LiveEvent): LiveCalls {
  const call = calls[event.entryId] ?? EMPTY;
  if (event.type === "progress") {
    const note = {
      id: event.fragmentId,
      key: event.key,
      note: event.note,
      at: Date.now(),
    };

    return {
      ...calls,
      [event.entryId]: { ...call, notes: [...call.notes, note] },
    };
  }
  if (event.type === "chunk") {
    const chunks = { ...call.chunks, [event.seq]: event.delta };

    return {
      ...calls,
      [event.entryId]: { ...call, chunks, done: call.done || event.done },
    };
  }

  return calls;
}

/** The streamed text so far, in sequence order. */
export function streamedText(call: LiveCall | undefined): string {
  if (!call) {
    return "";
  }

  return Object.keys(call.chunks)
    .map(Number)
    .sort((a, b) => a - b)
    .map((seq) => call.chunks[seq])
    .join("");
}

/**
 * Reads again what an event changed. A first fetch still in flight may
 * have read the rows before the change, and invalidating alone would wait
 * for it instead of asking again: it is cancelled first.
 */
async function refresh(queryClient: QueryClient, filters: QueryFilters) {
  await queryClient.cancelQueries(filters);
  await queryClient.invalidateQueries(filters);
}

/**
 * Listens to everything that happens in the user's threads. While this
 * is open the user counts as connected, so answers come to the chat. A
 * state change refreshes that call's status; an answer is put in its
 * thread at once, then the thread is read again.
 */
export function useChatStream() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [calls, dispatch] = useReducer(reduce, {});

  const onAnswer = (event: Extract<LiveEvent, { type: "answer" }>) => {
    const messages = trpc.chat.messages.queryKey({ thread: event.thread });
    queryClient.setQueryData(messages, (old) =>
      old && !old.some((m) => m.id === event.messageId)
        ? [
            ...old,
            {
              id: event.messageId,
              thread: event.thread,
              userEmail: event.userEmail,
              entryId: event.entryId || null,
              role: "docket" as const,
              body: event.text,
              parts: null,
              deliveryId: null,
              createdAt: Date.now(),
            },
          ]
        : old,
    );
    void refresh(queryClient, { queryKey: messages });
    void refresh(queryClient, trpc.chat.threads.queryFilter());
  };

  const stream = useSubscription(
    trpc.chat.stream.subscriptionOptions(
      {},
      {
        // After a reconnect, what happened meanwhile is read again.
        onStarted: () => {
          void queryClient.invalidateQueries(trpc.chat.pathFilter());
        },
        onData: (event) => {
          if (event.type === "answer") {
            onAnswer(event);
          } else if (event.type === "state") {
            void refresh(
              queryClient,
              trpc.chat.status.queryFilter({ entryId: event.entryId }),
            );
          } else {
            dispatch(event);
          }
        },
      },
    ),
  );

  return { calls, stream };
}
