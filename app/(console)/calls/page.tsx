import type { Metadata } from "next";

import { CallFiltersForm } from "@/components/calls/call-filters";
import { CallList } from "@/components/calls/call-list";
import { filtersFrom } from "@/components/calls/filters";
import { NotAllowed, PageHeading } from "@/components/ui/states";
import { openPage } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Calls · Docket" };

export default async function CallsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const filters = filtersFrom(await searchParams);
  const query = new URLSearchParams(
    Object.entries(filters).filter(([, value]) => value !== ""),
  ).toString();
  const gate = await openPage("/calls", query ? `/calls?${query}` : "/calls");
  if (!gate.allowed) {
    return (
      <NotAllowed page="Calls" who={gate.who}>
        {gate.forWhom}
      </NotAllowed>
    );
  }

  return (
    <>
      <PageHeading title="Calls">
        Every entry, newest first: find one by id, or filter by state, closure,
        participant and age.
      </PageHeading>
      <CallFiltersForm filters={filters} />
      <CallList key={query} filters={filters} />
    </>
  );
}
