import type { Metadata } from "next";
import type { ReactNode } from "react";

import { ConfirmApproval } from "@/components/approvals/confirm-approval";
import { SignOutButton } from "@/components/console/sign-out-button";
import { ErrorState, PageHeading } from "@/components/ui/states";
import { verifyApprovalLink } from "@/server/auth/approval-links";
import { requireUser } from "@/server/auth/current-user";
import { getRuntime } from "@/server/runtime";

export const metadata: Metadata = { title: "Approval · Docket" };

const PROBLEMS: Record<string, string> = {
  malformed: "The link is incomplete. Open it from the email again.",
  bad_signature: "The link is not one Docket sent.",
  expired: "The link has expired. Find the approval on the Approvals page.",
};

/**
 * Where an approval email leads. Opening it decides nothing: the link is
 * checked here, the person must be the one it was sent to, and only the
 * buttons on the page record a decision.
 */
export default async function ConfirmApprovalPage({
  searchParams,
}: {
  searchParams: Promise<{ t?: string | string[] }>;
}) {
  const { t } = await searchParams;
  const token = typeof t === "string" ? t : "";
  const check = checkLink(token);
  if (!check.ok) {
    return (
      <Heading>
        <ErrorState
          title="This approval link does not work."
          message={PROBLEMS[check.problem] ?? check.problem}
        />
      </Heading>
    );
  }

  const here = `/approvals/confirm?t=${encodeURIComponent(token)}`;
  const user = await requireUser(here);
  if (user.id !== check.link.userId) {
    return (
      <Heading>
        <div className="flex flex-col gap-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-4 text-amber-950">
          <p className="font-medium">This approval link is not yours.</p>
          <p className="text-sm">
            It was sent to another person. You are signed in as {user.name} (
            {user.email}).
          </p>
          <SignOutButton next={here} label="Sign in as someone else" />
        </div>
      </Heading>
    );
  }

  return (
    <Heading>
      <ConfirmApproval
        entryId={check.link.entryId}
        approvalKey={check.link.key}
      />
    </Heading>
  );
}

/** The link as of this request, checked with the server's secret. */
function checkLink(token: string) {
  return verifyApprovalLink(getRuntime().secret, token, Date.now());
}

function Heading({ children }: { children: ReactNode }) {
  return (
    <>
      <PageHeading title="Your decision">
        An approval a call is waiting for.
      </PageHeading>
      {children}
    </>
  );
}
