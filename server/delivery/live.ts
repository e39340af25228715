import { EventEmitter } from "node:events";

import type { Json } from "@/server/registry/types";

interface Addressed {
  userEmail: string;
  thread: string;
  entryId: string;
}

/** What happened, without whom it is for. */
export type LiveBody =
  | {
      type: "answer";
      messageId: string;
      title: string;
      text: string;
      verdict: string | null;
    }
  | { type: "progress"; key: string; note: Json; fragmentId: string }
  | { type: "chunk"; key: string; seq: number; delta: string; done: boolean }
  | { type: "state"; key: string | null; state: string };

/** What a connected chat hears, as it happens. */
export type LiveEvent = Addressed & LiveBody;

/**
 * The live bus of this process: final answers put on a chat, and progress
 * notes, chunks and state changes of entries whose channel is a chat.
 * Nothing is kept: a listener hears what happens while it listens, and
 * reads the thread's rows for what came before. Per process, like
 * presence: another instance's events are not heard here.
 */
export class LiveBus extends EventEmitter<{ live: [LiveEvent] }> {
  constructor() {
    super();
    this.setMaxListeners(0);
  }

  publish(event: LiveEvent): void {
    this.emit("live", event);
  }

  /** Listens to one user's events, of one thread or all; returns `off`. */
  subscribe(
    userEmail: string,
    thread: string | null,
    listener: (event: LiveEvent) => void,
  ): () => void {
    const who = userEmail.trim().toLowerCase();
    const filtered = (event: LiveEvent) => {
      const mine = event.userEmail.trim().toLowerCase() === who;
      if (mine && (thread === null || event.thread === thread)) {
        listener(event);
      }
    };
    this.on("live", filtered);

    return () => {
      this.off("live", filtered);
    };
  }
}
