"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";

import { useTRPC } from "@/components/trpc-provider";
import { errorCode, errorMessage } from "@/components/ui/errors";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { FALLBACK_REFRESH_MS, refreshNow } from "@/components/ui/refresh";
import { ErrorState, Loading } from "@/components/ui/states";

import { ApprovalCard } from "./approval-card";

/**
 * The approval an emailed link points at, with the usual decisions. It
 * follows the person's approval changes live and reads this one again
 * when it is claimed, decided or cancelled, here or elsewhere.
 */
export function ConfirmApproval({
  entryId,
  approvalKey,
}: {
  entryId: string;
  approvalKey: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const target = { entryId, key: approvalKey };
  const refresh = () =>
    refreshNow(queryClient, trpc.approval.get.queryFilter(target));
  const changes = useSubscription(
    trpc.approval.changes.subscriptionOptions(undefined, {
      // After a reconnect, what changed meanwhile is read again.
      onStarted: () => void refresh(),
      onData: (change) => {
        if (change.entryId === entryId && change.key === approvalKey) {
          void refresh();
        }
      },
    }),
  );
  const live = changes.status === "pending";
  const approval = useQuery(
    trpc.approval.get.queryOptions(target, {
      refetchInterval: live ? false : FALLBACK_REFRESH_MS,
    }),
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
      <LiveIndicator
        status={changes.status}
        error={changes.error}
        onRetry={changes.reset}
      />
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
