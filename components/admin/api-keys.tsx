"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { useTRPC } from "@/components/trpc-provider";
import type { RouterOutputs } from "@/components/trpc-types";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/components/ui/errors";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { clock } from "@/components/ui/time";

import { CreateKeyForm } from "./create-key-form";

type ApiKey = RouterOutputs["admin"]["keys"]["list"][number];

/** The API keys: make one (its secret is shown once), or revoke one. */
export function ApiKeys() {
  const trpc = useTRPC();
  const keys = useQuery(trpc.admin.keys.list.queryOptions());

  return (
    <div className="flex flex-col gap-4">
      <CreateKeyForm />
      {keys.data === undefined ? (
        keys.isError ? (
          <ErrorState
            title="The keys could not be loaded."
            message={errorMessage(keys.error)}
            onRetry={() => void keys.refetch()}
          />
        ) : (
          <Loading what="API keys" />
        )
      ) : keys.data.length === 0 ? (
        <EmptyState title="No API keys yet.">
          Make one above for an app that opens entries or posts results.
        </EmptyState>
      ) : (
        <ul
          aria-label="API keys"
          className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white"
        >
          {keys.data.map((key) => (
            <KeyRow key={key.id} apiKey={key} />
          ))}
        </ul>
      )}
    </div>
  );
}

function KeyRow({ apiKey }: { apiKey: ApiKey }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation(
    trpc.admin.keys.revoke.mutationOptions({
      onSettled: () =>
        queryClient.invalidateQueries({
          queryKey: trpc.admin.keys.list.queryKey(),
        }),
    }),
  );
  const revoked = apiKey.revokedAt !== null;

  return (
    <li className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
      <div className="flex min-w-0 flex-col gap-0.5">
        <p className="flex flex-wrap items-center gap-2">
          <span className="font-medium break-words">{apiKey.name}</span>
          <Badge tone={revoked ? "bad" : "good"}>
            {revoked ? "revoked" : "active"}
          </Badge>
        </p>
        <p className="text-xs text-stone-500">
          <span className="font-mono">{apiKey.prefix}…</span> · made{" "}
          {clock(apiKey.createdAt)}
          {apiKey.revokedAt !== null
            ? ` · revoked ${clock(apiKey.revokedAt)}`
            : ""}
        </p>
        {revoke.isError ? (
          <p className="text-sm text-rose-800">
            Not revoked: {errorMessage(revoke.error)}
          </p>
        ) : null}
      </div>
      {revoked ? null : confirming ? (
        <div className="flex gap-2">
          <Button
            variant="reject"
            disabled={revoke.isPending}
            onClick={() => revoke.mutate({ id: apiKey.id })}
            aria-label={`Confirm revoking ${apiKey.name}`}
          >
            {revoke.isPending ? "Revoking…" : "Revoke now"}
          </Button>
          <Button
            disabled={revoke.isPending}
            onClick={() => setConfirming(false)}
          >
            Keep it
          </Button>
        </div>
      ) : (
        <Button
          onClick={() => setConfirming(true)}
          aria-label={`Revoke ${apiKey.name}`}
        >
          Revoke
        </Button>
      )}
    </li>
  );
}
