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
      <Section id="users" title="Users">
        <UsersTable />
      </Section>
      <Section id="groups" title="Approver groups">
        <GroupsPanel />
      </Section>
      <Section id="keys" title="API keys">
        <ApiKeys />
      </Section>
      <Section id="mail" title="Mail">
        <MailBox />
      </Section>
    </>
  );
}

function Section(props: {
  id: string;
  title: string;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={props.id} className="flex flex-col gap-3">
      <h2 id={props.id} className="text-lg font-semibold">
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}
