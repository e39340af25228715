"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { useTRPC } from "@/components/trpc-provider";
import { errorCode, errorMessage } from "@/components/ui/errors";
import { ErrorState, Loading } from "@/components/ui/states";

import { ApprovalCard } from "./approval-card";

/** The approval an emailed link points at, with the usual decisions. */
export function ConfirmApproval({
  entryId,
  approvalKey,
}: {
  entryId: string;
  approvalKey: string;
}) {
  const trpc = useTRPC();
  const approval = useQuery(
    trpc.approval.get.queryOptions(
      { entryId, key: approvalKey },
      { refetchInterval: 2_000 },
    ),
  );

  if (approval.data === undefined) {
    if (!approval.isError) {
      return <Loading what="the approval" />;
    }
    const missing = errorCode(approval.error) === "NOT_FOUND";

    return (
      <ErrorState
        title={
          missing
            ? "This approval is not one you may decide."
            : "The approval could not be loaded."
        }
        message={
          missing
            ? "It may have been reassigned, or the call no longer exists."
            : errorMessage(approval.error)
        }
        onRetry={missing ? undefined : () => void approval.refetch()}
      />
    );
  }

  return (
    <div className="flex flex-col gap-4">
      <ApprovalCard item={approval.data} />
      <Link
        href="/approvals"
        className="self-start rounded-sm text-sm font-medium underline underline-offset-4 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-stone-900"
      >
        All approvals
      </Link>
    </div>
  );
}
