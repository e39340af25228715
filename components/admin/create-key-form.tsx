"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/components/ui/errors";

/** Names and makes a key, then shows its secret this one time. */
export function CreateKeyForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.admin.keys.create.mutationOptions({
      onSuccess: () => setName(""),
      onSettled: () =>
        queryClient.invalidateQueries({
          queryKey: trpc.admin.keys.list.queryKey(),
        }),
    }),
  );

  return (
    <div className="flex flex-col gap-3">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ name });
        }}
        className="flex flex-col gap-2 sm:flex-row sm:items-end"
      >
        <label className="flex flex-1 flex-col gap-1 text-sm font-medium">
          Name of the new key
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={100}
            placeholder="e.g. travel assistant"
            className="rounded-md border border-stone-300 bg-white px-3 py-1.5 font-normal focus-visible:border-stone-900 focus-visible:outline-2 focus-visible:outline-stone-900"
          />
        </label>
        <Button
          type="submit"
          variant="primary"
          disabled={create.isPending || !name.trim()}
        >
          {create.isPending ? "Creating…" : "Create key"}
        </Button>
      </form>
      {create.isError ? (
        <p className="text-sm text-rose-800">
          Not created: {errorMessage(create.error)}
        </p>
      ) : null}
      {create.data ? (
        <NewSecret name={create.data.key.name} secret={create.data.secret} />
      ) : null}
    </div>
  );
}

function NewSecret({ name, secret }: { name: string; secret: string }) {
  const [copied, setCopied] = useState(false);

  return (
    <section
      aria-labelledby="new-secret"
      className="flex flex-col gap-2 rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-emerald-950"
    >
      <h3 id="new-secret" className="font-semibold">
        Secret of “{name}”
      </h3>
      <p className="text-sm">
        Copy it now: it is shown this once, and Docket keeps only its hash.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <code
          aria-label="New API key secret"
          className="min-w-0 flex-1 rounded-md bg-white px-3 py-2 font-mono text-sm break-all ring-1 ring-emerald-300"
        >
          {secret}
        </code>
        <Button
          onClick={() => {
            void navigator.clipboard
              ?.writeText(secret)
              .then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </section>
  );
}
