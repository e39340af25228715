import type { Metadata } from "next";

import { ApprovalList } from "@/components/approvals/approval-list";
import { NotAllowed, PageHeading } from "@/components/ui/states";
import { openPage } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Approvals · Docket" };

export default async function ApprovalsPage() {
  const gate = await openPage("/approvals", "/approvals");
  if (!gate.allowed) {
    return (
      <NotAllowed page="Approvals" who={gate.who}>
        {gate.forWhom}
      </NotAllowed>
    );
  }

  return (
    <>
      <PageHeading title="Approvals">
        The decisions calls are waiting for, and the ones made lately.
      </PageHeading>
      <ApprovalList />
    </>
  );
}
