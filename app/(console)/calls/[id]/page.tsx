import type { Metadata } from "next";

import { EntryView } from "@/components/calls/entry-view";
import { NotAllowed } from "@/components/ui/states";
import { openPage } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Call · Docket" };

export default async function CallPage({
  params,
}: {
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  const gate = await openPage("/calls", `/calls/${encodeURIComponent(id)}`);
  if (!gate.allowed) {
    return (
      <NotAllowed page="This call" who={gate.who}>
        {gate.forWhom}
      </NotAllowed>
    );
  }

  return <EntryView id={id} />;
}
