import type { Db } from "@/db/client";
import type { DeliveryRow } from "@/db/schema";
import type { Logger } from "@/server/logger";
import type { ClosureReason, Json, Verdict } from "@/server/registry/types";

import type { LiveBus } from "./live";
import type { Mailer } from "./mailer";

export type ChannelName = "chat" | "email" | "inbox" | "webhook";

/** What a delivery carries: an entry's answer or an approval request. */
export interface Content {
  entryId: string;
  purpose: DeliveryRow["purpose"];
  title: string;
  text: string;
  parts: Record<string, Json>;
  verdict: Verdict | null;
  reason: ClosureReason | null;
}

export interface ChannelDeps {
  /** Inside the transaction that marks the delivery, for local channels. */
  db: Db;
  now: number;
  live: LiveBus;
  mailer: Mailer;
  /** The runtime secret, from which the default webhook secret derives. */
  secret: string;
  webhookTimeoutMs: number;
  /** Runs once the delivery's transaction has committed. */
  afterCommit(fn: () => void): void;
  log: Logger;
}

/**
 * A channel puts one delivery's content somewhere and throws when it could
 * not. A local channel writes rows in the transaction that marks the
 * delivery delivered, so it is synchronous; a remote one leaves the process
 * and is awaited before the delivery is marked.
 */
export type Channel =
  | {
      local: true;
      send(delivery: DeliveryRow, answer: Content, deps: ChannelDeps): void;
    }
  | {
      local: false;
      send(
        delivery: DeliveryRow,
        answer: Content,
        deps: ChannelDeps,
      ): Promise<void>;
    };

/** A failure no retry can mend: the delivery fails at once. */
export class PermanentError extends Error {
  override name = "PermanentError";
}
