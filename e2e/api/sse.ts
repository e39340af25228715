import type { TimelineEvent } from "@/client/index";

import type { Contract } from "./contract";
import { checkedFetch } from "./fixtures";

export interface SseEvent {
  id: number;
  type: string;
  data: TimelineEvent;
}

interface FollowOptions {
  baseURL: string;
  apiKey: string;
  contract: Contract;
  lastEventId?: number;
}

/**
 * Reads an entry's live timeline over fetch, as a participant without an
 * EventSource would: every event is checked against the document's
 * `TimelineEvent`, and `ended` settles when the server ends the stream.
 */
export class Follower {
  readonly events: SseEvent[] = [];
  readonly ended: Promise<void>;
  status = 0;
  private readonly abort = new AbortController();

  constructor(entryId: string, options: FollowOptions) {
    this.ended = this.run(entryId, options);
    // Read by tests that wait for it; never an unhandled rejection.
    this.ended.catch(() => {});
  }

  types(): string[] {
    return this.events.map((e) => e.type);
  }

  ids(): number[] {
    return this.events.map((e) => e.id);
  }

  close(): void {
    this.abort.abort();
  }

  private async run(entryId: string, options: FollowOptions) {
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.apiKey}`,
      accept: "text/event-stream",
    };
    if (options.lastEventId !== undefined) {
      headers["last-event-id"] = String(options.lastEventId);
    }
    const response = await checkedFetch(options.contract)(
      `${options.baseURL}/api/v1/entries/${entryId}/timeline`,
      { headers, signal: this.abort.signal },
    );
    this.status = response.status;
    if (!response.body) {
      return;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let text = "";
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          break;
        }
        text += decoder.decode(value, { stream: true });
        let end = text.indexOf("\n\n");
        while (end >= 0) {
          this.take(text.slice(0, end), options.contract);
          text = text.slice(end + 2);
          end = text.indexOf("\n\n");
        }
      }
    } catch (error) {
      if (!this.abort.signal.aborted) {
        throw error;
      }
    }
  }

  private take(block: string, contract: Contract): void {
    const fields = parseBlock(block);
    if (fields.data === undefined) {
      return;
    }
    const data = JSON.parse(fields.data) as TimelineEvent;
    contract.checkComponent("TimelineEvent", data);
    if (Number(fields.id) !== data.id || fields.event !== data.type) {
      throw new Error(`id or event line disagrees with the data: ${block}`);
    }
    this.events.push({ id: data.id, type: data.type, data });
  }
}

/** The fields of one SSE block; comments and unknown fields are dropped. */
export function parseBlock(block: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of block.split("\n")) {
    if (line === "" || line.startsWith(":")) {
      continue;
    }
    const colon = line.indexOf(":");
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    fields[name] = name in fields ? `${fields[name]}\n${value}` : value;
  }

  return fields;
}
