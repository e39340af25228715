import type { Metadata } from "next";

import { InboxList } from "@/components/inbox/inbox-list";
import { NotAllowed, PageHeading } from "@/components/ui/states";
import { openPage } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Inbox · Docket" };

export default async function InboxPage() {
  const gate = await openPage("/inbox", "/inbox");
  if (!gate.allowed) {
    return (
      <NotAllowed page="Inbox" who={gate.who}>
        {gate.forWhom}
      </NotAllowed>
    );
  }

  return (
    <>
      <PageHeading title="Inbox">
        Answers that arrived while you were away from the chat.
      </PageHeading>
      <InboxList />
    </>
  );
}
