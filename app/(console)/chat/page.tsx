import type { Metadata } from "next";
import { Suspense } from "react";

import { ChatView } from "@/components/chat/chat-view";
import { Loading, NotAllowed, PageHeading } from "@/components/ui/states";
import { openPage } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Chat · Docket" };

export default async function ChatPage({
  searchParams,
}: {
  searchParams: Promise<{ thread?: string | string[] }>;
}) {
  const { thread } = await searchParams;
  const path =
    typeof thread === "string"
      ? `/chat?thread=${encodeURIComponent(thread)}`
      : "/chat";
  const gate = await openPage("/chat", path);
  if (!gate.allowed) {
    return (
      <NotAllowed page="Chat" who={gate.who}>
        {gate.forWhom}
      </NotAllowed>
    );
  }

  return (
    <>
      <PageHeading title="Chat">
        Ask a question and watch it being answered.
      </PageHeading>
      <Suspense fallback={<Loading what="the chat" />}>
        <ChatView />
      </Suspense>
    </>
  );
}
