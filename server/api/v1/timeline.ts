import type { TimelineEvent } from "@/server/registry/types";

import { entryId } from "./entries";
import {
  authenticate,
  HttpError,
  json,
  type RequestContext,
  type ApiResponse,
} from "./http";
import { timelineView } from "./views";

const HEARTBEAT_MS = 15_000;
/** Events per JSON answer; `more` says when another page follows. */
const PAGE = 10_000;
/** An answer stops short of `limit` rather than grow past this. */
const PAGE_BYTES = 4 * 1024 * 1024;
/** Rows read at a time when a live stream replays what came before. */
const REPLAY_PAGE = 100;

/**
 * GET /api/v1/entries/{id}/timeline — the events as JSON, or live as
 * Server-Sent Events with `Accept: text/event-stream`, resuming after
 * `Last-Event-ID` (or `?after=`). The stream ends once the entry closed and
 * everything up to its closure was sent; resumed after that, it sends what
 * is left and ends, or answers 204 when nothing is.
 */
export async function getTimeline(ctx: RequestContext): Promise<ApiResponse> {
  authenticate(ctx);
  const id = entryId(ctx);
  const { registry } = ctx.runtime;
  const record = await registry.getEntry(id);
  const url = new URL(ctx.request.url);
  const after = cursor(
    ctx.request.headers.get("last-event-id") ?? url.searchParams.get("after"),
  );
  const live = (ctx.request.headers.get("accept") ?? "").includes(
    "text/event-stream",
  );
  if (!live) {
    const size = pageSize(url.searchParams.get("limit"));
    const events = await registry.getTimeline(id, after, size + 1);
    const page = withinBytes(events.slice(0, size).map(timelineView));

    return json({
      entryId: id,
      state: record.entry.state,
      events: page,
      more: events.length > page.length,
    });
  }
  const ended = record.entry.state === "closed";
  if (ended && (await registry.getTimeline(id, after, 1)).length === 0) {
    // 204 tells an EventSource that nothing more will come: no reconnect.
    return {
      status: 204,
      headers: { "cache-control": "no-store" },
      body: null,
    };
  }

  return streamEvents(ctx, id, after, ended);
}

/** The events that fit in one answer's byte budget; at least one. */
function withinBytes<T>(views: T[]): T[] {
  let bytes = 0;
  for (const [i, view] of views.entries()) {
    bytes += JSON.stringify(view).length;
    if (bytes > PAGE_BYTES && i > 0) {
      return views.slice(0, i);
    }
  }

  return views;
}

function pageSize(value: string | null): number {
  if (value === null) {
    return PAGE;
  }
  const size = /^\d{1,5}$/.test(value) ? Number(value) : 0;
  if (size < 1 || size > PAGE) {
    throw new HttpError(
      400,
      "invalid_request",
      `limit must be a whole number from 1 to ${PAGE}`,
      { limit: value },
    );
  }

  return size;
}

function cursor(value: string | null): number {
  if (value === null || value === "") {
    return 0;
  }
  // Digits only: Number() alone would take "0x10", "1e3" and " 5 ".
  if (!/^\d{1,15}$/.test(value)) {
    throw new HttpError(
      400,
      "invalid_request",
      "Last-Event-ID must be an event id",
      {
        lastEventId: value,
      },
    );
  }

  return Number(value);
}

function streamEvents(
  ctx: RequestContext,
  id: string,
  after: number,
  ended: boolean,
): ApiResponse {
  const { registry } = ctx.runtime;
  const encoder = new TextEncoder();
  let stop = () => {};
  let demand = () => {};

  const body = new ReadableStream<Uint8Array>({
    start: async (controller) => {
      let last = after;
      let closed = false;
      let wanted: (() => void) | null = null;
      demand = () => {
        wanted?.();
        wanted = null;
      };
      /** Until the reader has room: a slow client holds one page at most. */
      const room = () =>
        (controller.desiredSize ?? 1) > 0 || closed
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              wanted = resolve;
            });
      const queue: TimelineEvent[] = [];
      let replaying = true;
      const send = (event: TimelineEvent) => {
        if (closed || event.id <= last) {
          return;
        }
        last = event.id;
        const view = timelineView(event);
        controller.enqueue(
          encoder.encode(
            `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(view)}\n\n`,
          ),
        );
        if (event.type === "entry.closed") {
          finish();
        }
      };
      const onEvent = (event: TimelineEvent) => {
        if (event.entryId !== id) {
          return;
        }
        if (replaying) {
          queue.push(event);
        } else {
          send(event);
        }
      };
      const heartbeat = setInterval(() => {
        if (!closed) {
          controller.enqueue(encoder.encode(": keep-alive\n\n"));
        }
      }, HEARTBEAT_MS);
      const finish = () => {
        if (closed) {
          return;
        }
        closed = true;
        clearInterval(heartbeat);
        registry.events.off("timeline", onEvent);
        controller.close();
        demand();
      };
      stop = finish;
      // Listen first, then replay: nothing falls between the two.
      registry.events.on("timeline", onEvent);
      controller.enqueue(encoder.encode("retry: 2000\n\n"));
      const replay = async () => {
        for (;;) {
          await room();
          const page = await registry.getTimeline(id, last, REPLAY_PAGE);
          page.forEach(send);
          if (page.length < REPLAY_PAGE || closed) {
            break;
          }
        }
        replaying = false;
        queue.forEach(send);
        // Resumed past the closure: what followed it was replayed, and
        // no entry.closed is still to come.
        if (ended) {
          finish();
        }
      };
      // Not awaited: the stream asks for more (pull) only once started.
      replay().catch((error: unknown) => {
        ctx.log.error({ err: error, entryId: id }, "timeline.replay_failed");
        finish();
      });
    },
    pull: () => demand(),
    cancel: () => stop(),
  });
  ctx.request.signal.addEventListener("abort", () => stop());

  return {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
    body,
  };
}
