import type { Db } from "@/db/client";
import type { Registry } from "@/server/registry/registry";
import type { Json, TimelineEvent } from "@/server/registry/types";

import { statementsFor } from "./statements";

/**
 * Timeline rows written by delivery, inside the transaction of the change
 * they record. The rows are kept so they can be published once it commits.
 */
export class TimelineRows {
  readonly events: TimelineEvent[] = [];

  constructor(
    private readonly db: Db,
    readonly at: number,
  ) {}

  add(entryId: string, type: string, data: Record<string, Json>): void {
    const done = statementsFor(this.db).insertEvent.run({
      entryId,
      type,
      data,
      at: this.at,
    });
    this.events.push({
      id: Number(done.lastInsertRowid),
      entryId,
      type,
      data,
      at: this.at,
    });
  }
}

/** Tells live listeners (SSE, the chat relay) about committed rows. */
export function publish(
  registry: Pick<Registry, "events">,
  events: readonly TimelineEvent[],
): void {
  for (const event of events) {
    registry.events.emit("timeline", event);
  }
  if (events.length > 0) {
    registry.events.emit("committed", events);
  }
}
