"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { useTRPC } from "@/components/trpc-provider";
import type { RouterOutputs } from "@/components/trpc-types";
import { errorMessage } from "@/components/ui/errors";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";

import { MailReader, mailDate } from "./mail-reader";

type Summary = RouterOutputs["admin"]["mail"]["list"]["messages"][number];

/** Mail written to the data folder: pick one on the left, read it here. */
export function MailBox() {
  const trpc = useTRPC();
  const mail = useQuery(trpc.admin.mail.list.queryOptions());
  const [chosen, setChosen] = useState<string | null>(null);

  if (mail.data === undefined) {
    return mail.isError ? (
      <ErrorState
        title="The mail could not be listed."
        message={errorMessage(mail.error)}
        onRetry={() => void mail.refetch()}
      />
    ) : (
      <Loading what="mail" />
    );
  }
  const { kind, messages } = mail.data;

  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm text-stone-600">
        {kind === "smtp"
          ? "Mail leaves through the SMTP server set in SMTP_URL; only " +
            "mail written before it was set is kept here."
          : "No SMTP_URL is set, so mail is written here as files instead of sent."}
      </p>
      {messages.length === 0 ? (
        <EmptyState title="No mail written yet." />
      ) : (
        <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
          <MailList messages={messages} chosen={chosen} onChoose={setChosen} />
          {chosen ? (
            <MailReader id={chosen} />
          ) : (
            <EmptyState title="Choose a message to read it." />
          )}
        </div>
      )}
    </div>
  );
}

function MailList({
  messages,
  chosen,
  onChoose,
}: {
  messages: Summary[];
  chosen: string | null;
  onChoose: (id: string) => void;
}) {
  return (
    <ul
      aria-label="Mail"
      className="max-h-[32rem] divide-y divide-stone-200 overflow-y-auto rounded-lg border border-stone-200 bg-white"
    >
      {messages.map((message) => (
        <li key={message.id}>
          <button
            type="button"
            aria-current={message.id === chosen ? "true" : undefined}
            onClick={() => onChoose(message.id)}
            className="flex w-full flex-col gap-0.5 px-4 py-2 text-left hover:bg-stone-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-stone-900 aria-[current=true]:bg-stone-100"
          >
            <span className="font-medium break-words">
              {message.subject || "(no subject)"}
            </span>
            <span className="text-xs break-all text-stone-600">
              to {message.to} · {mailDate(message.date)}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
