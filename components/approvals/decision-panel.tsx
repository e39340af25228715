"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";

import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/components/ui/errors";

import {
  appliedOutcome,
  draftAsText,
  refusedOutcome,
  type ApprovalItem,
  type Choice,
} from "./outcome";

interface Props {
  item: ApprovalItem;
  onOutcome: (text: string) => void;
}

/**
 * Approve, reject, or edit and approve, with a comment; or claim it so the
 * others see who is on it. Every button waits while one call is out.
 */
export function DecisionPanel({ item, onOutcome }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = useId();
  const [comment, setComment] = useState("");
  const [editing, setEditing] = useState(false);
  const [edited, setEdited] = useState(() => draftAsText(item.draft));
  const target = { entryId: item.entryId, key: item.key };
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.approval.pathKey() });

  const decide = useMutation(
    trpc.approval.decide.mutationOptions({
      onSuccess: async (result, input) => {
        if (result.applied) {
          onOutcome(appliedOutcome(input.decision as Choice, result));
        } else {
          const current = await queryClient.fetchQuery(
            trpc.approval.get.queryOptions(target, { staleTime: 0 }),
          );
          onOutcome(refusedOutcome(current));
        }
      },
      onError: (error) => onOutcome(`not recorded — ${errorMessage(error)}`),
      onSettled: refresh,
    }),
  );
  const claim = useMutation(
    trpc.approval.claim.mutationOptions({
      onSuccess: () => onOutcome("claimed — the others see you are on it"),
      onError: (error) => onOutcome(`not claimed — ${errorMessage(error)}`),
      onSettled: refresh,
    }),
  );
  const busy = decide.isPending || claim.isPending;
  const send = (decision: Choice, withEdit: boolean) =>
    decide.mutate({
      ...target,
      decision,
      comment: comment.trim() || undefined,
      edited: withEdit ? edited : undefined,
    });

  return (
    <div className="flex flex-col gap-3 border-t border-stone-200 pt-4">
      <label
        htmlFor={`${ids}-comment`}
        className="text-sm font-medium text-stone-700"
      >
        Comment (optional)
      </label>
      <textarea
        id={`${ids}-comment`}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        rows={2}
        maxLength={2000}
        className="rounded-md border border-stone-300 px-3 py-2 text-sm focus-visible:border-stone-900 focus-visible:outline-2 focus-visible:outline-stone-900"
      />
      {editing ? (
        <EditedAnswer
          id={`${ids}-edited`}
          value={edited}
          onChange={setEdited}
        />
      ) : null}
      <div className="flex flex-wrap gap-2" aria-busy={busy}>
        {editing ? (
          <>
            <Button
              variant="approve"
              disabled={busy || !edited.trim()}
              onClick={() => send("approve", true)}
            >
              Approve edited answer
            </Button>
            <Button disabled={busy} onClick={() => setEditing(false)}>
              Cancel edit
            </Button>
          </>
        ) : (
          <>
            <Button
              variant="approve"
              disabled={busy}
              onClick={() => send("approve", false)}
            >
              Approve
            </Button>
            <Button
              variant="reject"
              disabled={busy}
              onClick={() => send("reject", false)}
            >
              Reject
            </Button>
            <Button disabled={busy} onClick={() => setEditing(true)}>
              Edit and approve
            </Button>
          </>
        )}
        <Button
          disabled={busy}
          onClick={() => claim.mutate(target)}
          className="sm:ml-auto"
        >
          {claim.isPending ? "Claiming…" : "Claim"}
        </Button>
      </div>
      {busy ? (
        <p className="text-sm text-stone-500" aria-live="polite">
          Sending…
        </p>
      ) : null}
    </div>
  );
}

function EditedAnswer({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string;
  onChange: (text: string) => void;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-stone-700">
        Edited answer
      </label>
      <textarea
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        rows={5}
        maxLength={20_000}
        autoFocus
        className="rounded-md border border-stone-300 px-3 py-2 font-mono text-sm focus-visible:border-stone-900 focus-visible:outline-2 focus-visible:outline-stone-900"
      />
    </div>
  );
}
