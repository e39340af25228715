"use client";

import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "@/components/trpc-provider";
import { errorMessage } from "@/components/ui/errors";
import { ErrorState, Loading } from "@/components/ui/states";
import { clock } from "@/components/ui/time";

/** A Date header as the console shows times; as written if unreadable. */
export function mailDate(header: string): string {
  const ms = Date.parse(header);

  return Number.isNaN(ms) ? header : clock(ms);
}

/** One message: who it went to, when, and its text. */
export function MailReader({ id }: { id: string }) {
  const trpc = useTRPC();
  const mail = useQuery(trpc.admin.mail.read.queryOptions({ id }));

  if (mail.data === undefined) {
    return mail.isError ? (
      <ErrorState
        title="This message could not be read."
        message={errorMessage(mail.error)}
        onRetry={() => void mail.refetch()}
      />
    ) : (
      <Loading what="the message" />
    );
  }
  const { subject, to, date, text } = mail.data;

  return (
    <article
      aria-labelledby="mail-subject"
      className="flex min-w-0 flex-col gap-3 rounded-lg border border-stone-200 bg-white p-4"
    >
      <header className="flex flex-col gap-1">
        <h3 id="mail-subject" className="font-semibold break-words">
          {subject || "(no subject)"}
        </h3>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-sm">
          <dt className="text-stone-500">To</dt>
          <dd className="break-all">{to}</dd>
          <dt className="text-stone-500">Date</dt>
          <dd>{date}</dd>
        </dl>
      </header>
      <pre className="max-h-96 overflow-auto font-sans text-sm break-words whitespace-pre-wrap text-stone-800">
        {text}
      </pre>
    </article>
  );
}
