"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type KeyboardEvent } from "react";

import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/components/ui/errors";

export const EXAMPLE = "Can I fly SFO to JFK on 3 May for $640?";

/** Where a question is written; Enter sends, Shift+Enter breaks a line. */
export function Composer({
  thread,
  onAsked,
}: {
  thread: string | null;
  onAsked: (thread: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [question, setQuestion] = useState("");
  const ask = useMutation(
    trpc.chat.ask.mutationOptions({
      onSuccess: async (asked) => {
        setQuestion("");
        onAsked(asked.thread);
        await Promise.all([
          queryClient.invalidateQueries(
            trpc.chat.messages.queryFilter({ thread: asked.thread }),
          ),
          queryClient.invalidateQueries(trpc.chat.threads.queryFilter()),
        ]);
      },
    }),
  );

  const send = () => {
    const text = question.trim();
    if (text && !ask.isPending) {
      ask.mutate({ thread: thread ?? undefined, question: text });
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (
      event.key === "Enter" &&
      !event.shiftKey &&
      !event.nativeEvent.isComposing
    ) {
      event.preventDefault();
      send();
    }
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
      className="flex flex-col gap-2 rounded-lg border border-stone-200 bg-white p-3"
    >
      {/* Read-only rather than disabled while sending, so focus stays. */}
      <div aria-busy={ask.isPending} className="flex flex-col gap-2">
        <label htmlFor="question" className="text-sm font-medium">
          Your question
        </label>
        <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
          <textarea
            id="question"
            readOnly={ask.isPending}
            rows={2}
            value={question}
            onChange={(event) => setQuestion(event.target.value)}
            onKeyDown={onKeyDown}
            placeholder={`e.g. ${EXAMPLE}`}
            aria-describedby="question-hint"
            className="min-h-11 w-full resize-y rounded-md border border-stone-300 px-3 py-2 read-only:bg-stone-100 focus-visible:border-stone-500 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-stone-900"
          />
          <Button
            type="submit"
            variant="primary"
            disabled={ask.isPending || question.trim() === ""}
            className="py-2 sm:self-stretch"
          >
            {ask.isPending ? "Sending…" : "Send"}
          </Button>
        </div>
      </div>
      <p id="question-hint" className="text-xs text-stone-500">
        Enter sends; Shift+Enter starts a new line.
      </p>
      {ask.isError ? (
        <p role="status" className="text-sm text-rose-800">
          Not sent: {errorMessage(ask.error)}
        </p>
      ) : null}
    </form>
  );
}
