import type { Metadata } from "next";

import { ApiKeys } from "@/components/admin/api-keys";
import { GroupsPanel } from "@/components/admin/groups-panel";
import { MailBox } from "@/components/admin/mail-box";
import { UsersTable } from "@/components/admin/users-table";
import { NotAllowed, PageHeading } from "@/components/ui/states";
import { openPage } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Admin · Docket" };

export default async function AdminPage() {
  const gate = await openPage("/admin", "/admin");
  if (!gate.allowed) {
    return (
      <NotAllowed page="Admin" who={gate.who}>
        {gate.forWhom}
      </NotAllowed>
    );
  }

  return (
    <>
      <PageHeading title="Admin">
        The people who use this Docket, the groups approvals go to, the keys
        apps use, and the mail it kept.
      </PageHeading>
      <section aria-labelledby="users" className="flex flex-col gap-3">
        <h2 id="users" className="text-lg font-semibold">
          Users
        </h2>
        <UsersTable />
      </section>
      <section aria-labelledby="groups" className="flex flex-col gap-3">
        <h2 id="groups" className="text-lg font-semibold">
          Approver groups
        </h2>
        <GroupsPanel />
      </section>
      <section aria-labelledby="keys" className="flex flex-col gap-3">
        <h2 id="keys" className="text-lg font-semibold">
          API keys
        </h2>
        <ApiKeys />
      </section>
      <section aria-labelledby="mail" className="flex flex-col gap-3">
        <h2 id="mail" className="text-lg font-semibold">
          Mail
        </h2>
        <MailBox />
      </section>
    </>
  );
}
