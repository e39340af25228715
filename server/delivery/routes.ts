import type { Entry, Json } from "@/server/registry/types";

import { fallback, routeTo } from "./fallback-routes";

export interface Route {
  channel: string;
  target: Record<string, Json>;
  reason: string;
  /** Why this channel cannot take it: the delivery is recorded skipped. */
  skip: string | null;
}

export interface RouteChoice {
  choice: string;
  reason: string;
  routes: Route[];
}

export interface RouteInput {
  entry: Pick<Entry, "requester" | "channel" | "parentEntryId">;
  /** Whether the user has the chat thread open now, in this process. */
  isConnected(userEmail: string, thread: string): boolean;
  /** The requester's email address, or null when they have none. */
  emailOf(requester: string): string | null;
}

/**
 * Where an answer goes: its origin channel if that can take it now. A chat
 * answer is always kept in its thread; when the user is not connected at
 * closure it also goes to the entry's fallback channels (inbox and email
 * unless the channel names others), so it is not missed.
 */
export function chooseRoutes(input: RouteInput): RouteChoice {
  const { entry } = input;
  const { kind } = entry.channel;
  if (entry.parentEntryId) {
    return {
      choice: "parent",
      reason: "a child entry's answer goes to its parent as a fragment",
      routes: [],
    };
  }
  if (kind === "email" || kind === "inbox") {
    const route = routeTo(input, kind, "the origin channel");

    return {
      choice: kind,
      reason: `the call came by ${kind}`,
      routes: [route],
    };
  }
  if (kind === "webhook") {
    const url = entry.channel.url;
    const skip = typeof url === "string" ? null : "the channel names no url";
    const route = {
      channel: "webhook",
      target: { url: typeof url === "string" ? url : null },
      reason: "the origin channel",
      skip,
    };

    return {
      choice: "webhook",
      reason: "the call came by webhook",
      routes: [route],
    };
  }
  if (kind !== "chat") {
    return fallback(input, `there is no channel "${kind}"`);
  }
  const thread = entry.channel.thread;
  if (typeof thread !== "string" || thread === "") {
    return fallback(input, "the chat channel names no thread");
  }
  // Chats are keyed by the signed-in user's email, as presence is.
  const user = input.emailOf(entry.requester) ?? entry.requester;
  const chat: Route = {
    channel: "chat",
    target: { thread, userEmail: user },
    reason: "the origin channel: the answer is kept in its thread",
    skip: null,
  };
  if (input.isConnected(user, thread)) {
    return {
      choice: "chat",
      reason: `the user is connected to thread "${thread}"`,
      routes: [chat],
    };
  }
  const away = fallback(input, "the user was not connected at closure");

  return {
    ...away,
    choice: `chat+${away.choice}`,
    routes: [chat, ...away.routes],
  };
}
