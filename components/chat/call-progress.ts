import type { Json } from "@/server/registry/types";

import type { LiveCall } from "./use-chat-stream";

/** What the server has kept of a call's notes and streamed text. */
export interface StoredProgress {
  notes: { id: string; key: string; note: Json; at: number }[];
  chunks: { seq: number; delta: string; done: boolean }[];
}

/**
 * A call as shown: what the database held when the status was read, and
 * what the live stream brought since. A note is one fragment and a chunk
 * one sequence number, so what both carry is shown once.
 */
export function mergeCall(
  stored: StoredProgress | undefined,
  live: LiveCall | undefined,
): LiveCall | undefined {
  if (!stored) {
    return live;
  }
  const known = new Set(stored.notes.map((n) => n.id));
  const notes = [
    ...stored.notes,
    ...(live?.notes ?? []).filter((n) => !known.has(n.id)),
  ];
  const chunks: Record<number, string> = {};
  for (const chunk of stored.chunks) {
    chunks[chunk.seq] = chunk.delta;
  }

  return {
    notes,
    chunks: { ...chunks, ...live?.chunks },
    done: stored.chunks.some((c) => c.done) || (live?.done ?? false),
  };
}
