import type { TRPCSubscriptionStatus } from "@trpc/tanstack-react-query";

import { Button } from "@/components/ui/button";
import { errorMessage } from "@/components/ui/errors";

/** Whether a page hears what happens as it happens. */
export function LiveIndicator({
  status,
  error,
  onRetry,
}: {
  status: TRPCSubscriptionStatus;
  error: unknown;
  onRetry: () => void;
}) {
  if (status === "error") {
    return (
      <div role="status" className="flex items-center gap-2 text-sm">
        <span className="text-rose-800">
          Live updates stopped: {errorMessage(error)}
        </span>
        <Button onClick={onRetry}>Reconnect</Button>
      </div>
    );
  }
  const live = status === "pending";

  return (
    <p role="status" className="flex items-center gap-2 text-sm text-stone-600">
      <span
        aria-hidden="true"
        className={`size-2 rounded-full ${live ? "bg-emerald-500" : "animate-pulse bg-amber-400"}`}
      />
      {live ? "Live" : "Connecting…"}
    </p>
  );
}
