import type { RouterOutputs } from "@/components/trpc-types";
import { clock } from "@/components/ui/time";

export type ChatMessage = RouterOutputs["chat"]["messages"][number];

/** One message: the user's on the right, Docket's on the left. */
export function MessageBubble({ message }: { message: ChatMessage }) {
  const mine = message.role === "user";

  return (
    <article
      aria-label={mine ? "You asked" : "Docket answered"}
      className={`flex max-w-[85%] flex-col gap-1 sm:max-w-[75%] ${mine ? "items-end self-end" : "self-start"}`}
    >
      <p className="text-xs text-stone-500">
        {mine ? "You" : "Docket"} ·{" "}
        <time dateTime={new Date(message.createdAt).toISOString()}>
          {clock(message.createdAt)}
        </time>
      </p>
      <p
        className={`rounded-2xl px-4 py-2 break-words whitespace-pre-line ${mine ? "rounded-br-sm bg-stone-900 text-white" : "rounded-bl-sm border border-stone-200 bg-white text-stone-900"}`}
      >
        {message.body}
      </p>
    </article>
  );
}
