"use client";

import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "@/components/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { errorMessage } from "@/components/ui/errors";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";

export function UsersTable() {
  const trpc = useTRPC();
  const users = useQuery(trpc.admin.users.list.queryOptions());

  if (users.data === undefined) {
    return users.isError ? (
      <ErrorState
        title="The users could not be loaded."
        message={errorMessage(users.error)}
        onRetry={() => void users.refetch()}
      />
    ) : (
      <Loading what="users" />
    );
  }
  if (users.data.length === 0) {
    return <EmptyState title="No users yet." />;
  }

  return (
    <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Users</caption>
        <thead className="bg-stone-50 text-xs text-stone-600">
          <tr>
            <th className="px-3 py-2 font-medium">Name</th>
            <th className="px-3 py-2 font-medium">Email</th>
            <th className="px-3 py-2 font-medium">Role</th>
            <th className="px-3 py-2 font-medium">Groups</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-100">
          {users.data.map((user) => (
            <tr key={user.id}>
              <td className="px-3 py-2 font-medium">{user.name}</td>
              <td className="px-3 py-2 break-all">{user.email}</td>
              <td className="px-3 py-2">
                <Badge tone={user.role === "admin" ? "info" : "neutral"}>
                  {user.role}
                </Badge>
              </td>
              <td className="px-3 py-2 text-stone-600">
                {user.groups.join(", ") || "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
