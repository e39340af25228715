import { eq, sql } from "drizzle-orm";

import type { Db } from "@/db/client";
import { entries } from "@/db/schema";
import type { Registry } from "@/server/registry/registry";
import type { TimelineEvent } from "@/server/registry/types";

import type { LiveBody, LiveBus } from "./live";
import { emailOf } from "./records";

type Chat = { userEmail: string; thread: string } | null;

const STATES: Record<string, string> = {
  "expectation.unblocked": "waiting",
  "expectation.streaming": "streaming",
  "expectation.resolved": "resolved",
  "expectation.failed": "failed",
  "expectation.timed_out": "timed_out",
  "expectation.cancelled": "cancelled",
  "entry.closed": "closed",
};

/**
 * Relays progress notes, chunks and state changes of chat entries from
 * the registry's timeline to the live bus, as they commit. An entry's
 * channel never changes, so a small cache of recent entries saves the
 * lookups; it is bounded, and nothing is looked up while no one listens.
 */
export function relayTimeline(options: {
  registry: Pick<Registry, "events">;
  db: Db;
  bus: LiveBus;
  cacheSize?: number;
}): () => void {
  const { registry, bus } = options;
  const size = options.cacheSize ?? 1000;
  const cache = new Map<string, Chat>();
  const channelOf = options.db
    .select({ channel: entries.channel, requester: entries.requester })
    .from(entries)
    .where(eq(entries.id, sql.placeholder("id")))
    .prepare();

  const chatOf = (entryId: string): Chat => {
    if (cache.has(entryId)) {
      return cache.get(entryId) ?? null;
    }
    const row = channelOf.get({ id: entryId });
    const thread = row?.channel.thread;
    const chat =
      row?.channel.kind === "chat" && typeof thread === "string"
        ? {
            userEmail: emailOf(options.db, row.requester) ?? row.requester,
            thread,
          }
        : null;
    if (cache.size >= size) {
      cache.delete(cache.keys().next().value ?? "");
    }
    cache.set(entryId, chat);

    return chat;
  };

  const onTimeline = (event: TimelineEvent) => {
    const relayed = relayable(event);
    if (!relayed || bus.listenerCount("live") === 0) {
      return;
    }
    const chat = chatOf(event.entryId);
    if (chat) {
      bus.publish({ ...chat, entryId: event.entryId, ...relayed });
    }
  };
  registry.events.on("timeline", onTimeline);

  return () => {
    registry.events.off("timeline", onTimeline);
  };
}

function relayable({ type, data }: TimelineEvent): LiveBody | null {
  const key = typeof data.key === "string" ? data.key : null;
  if (type === "fragment.progress" && key) {
    return {
      type: "progress",
      key,
      note: data.payload ?? null,
      fragmentId: String(data.fragmentId ?? ""),
    };
  }
  if (type === "chunk.received" && key) {
    return {
      type: "chunk",
      key,
      seq: Number(data.seq),
      delta: String(data.delta ?? ""),
      done: data.done === true,
    };
  }
  const state = STATES[type];

  return state ? { type: "state", key, state } : null;
}
