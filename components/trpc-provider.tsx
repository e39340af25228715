"use client";

import {
  QueryClient,
  QueryClientProvider,
  isServer,
} from "@tanstack/react-query";
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
} from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";

import type { AppRouter } from "@/server/api/root";

import { isFinalError } from "./ui/errors";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

const ENDPOINT = "/api/trpc";

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 1_000,
        // Refusals and missing rows do not change by asking again.
        retry: (count, error) => !isFinalError(error) && count < 2,
      },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

/** One client in the browser; a fresh one for each server render. */
function getQueryClient() {
  if (isServer) {
    return makeQueryClient();
  }
  browserQueryClient ??= makeQueryClient();

  return browserQueryClient;
}

function makeTrpcClient() {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        // Subscriptions stream over server-sent events; the rest is batched.
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({ url: ENDPOINT, transformer: superjson }),
        false: httpBatchLink({ url: ENDPOINT, transformer: superjson }),
      }),
    ],
  });
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(makeTrpcClient);

  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
