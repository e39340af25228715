"use client";

import { ErrorState } from "@/components/ui/states";

/** A console page that failed to render: say so and offer to try again. */
export default function ConsoleError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  // The server logged the cause; in production the message is generic.
  const reference = error.digest ? ` (reference ${error.digest})` : "";

  return (
    <ErrorState
      title="This page could not be shown."
      message={`Something went wrong on the server${reference}.`}
      onRetry={reset}
    />
  );
}
