"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/components/ui/errors";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";

const FIELD =
  "rounded-md border border-stone-300 bg-white px-3 py-1.5 font-normal focus-visible:border-stone-900 focus-visible:outline-2 focus-visible:outline-stone-900";

/** Which approvers are in which group, and who is added or taken out. */
export function GroupsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const groups = useQuery(trpc.admin.groups.list.queryOptions());
  const changed = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.admin.groups.list.queryFilter()),
      queryClient.invalidateQueries(trpc.admin.users.list.queryFilter()),
    ]);
  const remove = useMutation(
    trpc.admin.groups.remove.mutationOptions({ onSettled: changed }),
  );

  if (groups.data === undefined) {
    return groups.isError ? (
      <ErrorState
        title="The groups could not be loaded."
        message={errorMessage(groups.error)}
        onRetry={() => void groups.refetch()}
      />
    ) : (
      <Loading what="groups" />
    );
  }

  return (
    <div className="flex flex-col gap-4">
      {groups.data.length === 0 ? (
        <EmptyState title="No groups yet.">
          Add an approver to a group below; approvals assigned to group:NAME
          then reach its members.
        </EmptyState>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2">
          {groups.data.map((group) => (
            <li
              key={group.name}
              aria-label={`Group ${group.name}`}
              className="flex flex-col gap-2 rounded-lg border border-stone-200 bg-white p-3"
            >
              <h3 className="font-mono text-sm font-semibold">
                group:{group.name}
              </h3>
              <ul className="flex flex-col gap-1 text-sm">
                {group.members.map((member) => (
                  <li
                    key={member.id}
                    className="flex flex-wrap items-center justify-between gap-2"
                  >
                    <span className="min-w-0 break-all">
                      {member.name}{" "}
                      <span className="text-stone-500">{member.email}</span>
                    </span>
                    <Button
                      aria-label={`Remove ${member.email} from ${group.name}`}
                      disabled={remove.isPending}
                      onClick={() =>
                        remove.mutate({ userId: member.id, group: group.name })
                      }
                    >
                      Remove
                    </Button>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      {remove.isError ? (
        <p role="alert" className="text-sm text-rose-800">
          Not removed: {errorMessage(remove.error)}
        </p>
      ) : null}
      <AddMemberForm onAdded={changed} />
    </div>
  );
}

/** Picks an approver or admin and names the group to put them in. */
function AddMemberForm({ onAdded }: { onAdded: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const users = useQuery(trpc.admin.users.list.queryOptions());
  const [userId, setUserId] = useState("");
  const [group, setGroup] = useState("");
  const add = useMutation(
    trpc.admin.groups.add.mutationOptions({
      onSuccess: () => setGroup(""),
      onSettled: onAdded,
    }),
  );
  const people = (users.data ?? []).filter((u) => u.role !== "user");

  return (
    <form
      aria-label="Add to a group"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate({ userId, group });
      }}
      className="flex flex-col gap-2 sm:flex-row sm:items-end"
    >
      <label className="flex flex-1 flex-col gap-1 text-sm font-medium">
        Approver
        <select
          value={userId}
          onChange={(e) => setUserId(e.target.value)}
          required
          className={FIELD}
        >
          <option value="">Choose someone…</option>
          {people.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name} ({person.email})
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-1 flex-col gap-1 text-sm font-medium">
        Group
        <input
          value={group}
          onChange={(e) => setGroup(e.target.value)}
          required
          maxLength={64}
          placeholder="e.g. finance"
          className={FIELD}
        />
      </label>
      <Button
        type="submit"
        variant="primary"
        disabled={add.isPending || !userId || !group.trim()}
      >
        {add.isPending ? "Adding…" : "Add to group"}
      </Button>
      {add.isError ? (
        <p role="alert" className="text-sm text-rose-800 sm:self-center">
          Not added: {errorMessage(add.error)}
        </p>
      ) : null}
    </form>
  );
}
