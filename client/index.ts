import type { z } from "zod";

import type {
  addedSchema,
  cancelAnswerSchema,
  chunkAnswerSchema,
  entryViewSchema,
  fragmentAnswerSchema,
  openedSchema,
  timelineEventSchema,
  timelineSchema,
} from "@/server/api/v1/contract";
import type {
  EntrySpecInput,
  ExpectationSpecInput,
  FragmentInputInput,
} from "@/server/registry/schemas";
import type { Json } from "@/server/registry/types";

export type OpenedEntry = z.infer<typeof openedSchema>;
export type EntryView = z.infer<typeof entryViewSchema>;
export type FragmentAnswer = z.infer<typeof fragmentAnswerSchema>;
export type ChunkAnswer = z.infer<typeof chunkAnswerSchema>;
export type TimelineEvent = z.infer<typeof timelineEventSchema>;
export type Timeline = z.infer<typeof timelineSchema>;
export type CancelAnswer = z.infer<typeof cancelAnswerSchema>;
export type AddedExpectations = z.infer<typeof addedSchema>;

/** An error answer of the API, with its status and code. */
export class DocketError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown>,
    readonly retryAfterSeconds: number | null,
  ) {
    super(message);
    this.name = "DocketError";
  }
}

export interface ClientOptions {
  baseUrl: string;
  apiKey?: string;
  fetch?: typeof fetch;
}

type PostOptions = { idempotencyKey?: string; source?: string };

/**
 * A typed client of the participant API: open an entry, resolve, reject,
 * stream into an expectation, and wait for closure.
 */
export class DocketClient {
  private readonly base: string;
  private readonly doFetch: typeof fetch;

  constructor(private readonly options: ClientOptions) {
    this.base = options.baseUrl.replace(/\/$/, "");
    this.doFetch = options.fetch ?? fetch;
  }

  open(spec: EntrySpecInput): Promise<OpenedEntry> {
    return this.request("POST", "/api/v1/entries", spec);
  }

  get(entryId: string): Promise<EntryView> {
    return this.request("GET", `/api/v1/entries/${entryId}`);
  }

  expect(
    entryId: string,
    expect: ExpectationSpecInput[],
  ): Promise<AddedExpectations> {
    return this.request("POST", `/api/v1/entries/${entryId}/expectations`, {
      expect,
    });
  }

  post(entryId: string, fragment: FragmentInputInput): Promise<FragmentAnswer> {
    return this.request(
      "POST",
      `/api/v1/entries/${entryId}/fragments`,
      fragment,
    );
  }

  resolve(
    entryId: string,
    key: string,
    payload: Json,
    options: PostOptions = {},
  ) {
    return this.post(entryId, { key, outcome: "ok", payload, ...options });
  }

  reject(
    entryId: string,
    key: string,
    payload: Json,
    options: PostOptions = {},
  ) {
    return this.post(entryId, {
      key,
      outcome: "negative",
      payload,
      ...options,
    });
  }

  progress(entryId: string, key: string, payload: Json) {
    return this.post(entryId, { key, outcome: "progress", payload });
  }

  /** Posts a result through a capability token; no API key needed. */
  postWithToken(token: string, fragment: Omit<FragmentInputInput, "key">) {
    return this.request<FragmentAnswer>(
      "POST",
      `/api/v1/fragments/${encodeURIComponent(token)}`,
      fragment,
      false,
    );
  }

  chunk(
    entryId: string,
    key: string,
    chunk: { seq: number; delta: string; done?: boolean },
  ) {
    return this.request<ChunkAnswer>(
      "POST",
      `/api/v1/entries/${entryId}/fragments/${encodeURIComponent(key)}/chunks`,
      chunk,
    );
  }

  /**
   * Streams text into an expectation over one request (NDJSON), each piece
   * a chunk in order; the last one is marked done.
   */
  async stream(
    entryId: string,
    key: string,
    pieces: AsyncIterable<string> | Iterable<string>,
  ) {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        let seq = 0;
        let previous: string | null = null;
        for await (const piece of pieces) {
          if (previous !== null) {
            controller.enqueue(
              encoder.encode(
                `${JSON.stringify({ seq: seq++, delta: previous })}\n`,
              ),
            );
          }
          previous = piece;
        }
        controller.enqueue(
          encoder.encode(
            `${JSON.stringify({ seq, delta: previous ?? "", done: true })}\n`,
          ),
        );
        controller.close();
      },
    });
    const response = await this.doFetch(
      `${this.base}/api/v1/entries/${entryId}/fragments/${encodeURIComponent(key)}/chunks`,
      {
        method: "POST",
        headers: { ...this.auth(), "content-type": "application/x-ndjson" },
        body,
        duplex: "half",
      } as RequestInit,
    );

    return this.read<ChunkAnswer>(response);
  }

  cancel(entryId: string, reason?: string): Promise<CancelAnswer> {
    return this.request(
      "POST",
      `/api/v1/entries/${entryId}/cancel`,
      reason ? { reason } : {},
    );
  }

  timeline(entryId: string, after = 0): Promise<Timeline> {
    return this.request(
      "GET",
      `/api/v1/entries/${entryId}/timeline?after=${after}`,
    );
  }

  /**
   * Resolves with the entry once it is closed, following the timeline's
   * live stream; rejects after `timeoutMs`.
   */
  async waitForClosure(
    entryId: string,
    timeoutMs = 60_000,
  ): Promise<EntryView> {
    const deadline = Date.now() + timeoutMs;
    let after = 0;
    while (Date.now() < deadline) {
      const closed = await this.follow(entryId, after, deadline, (id) => {
        after = id;
      });
      if (closed) {
        return this.get(entryId);
      }
    }
    throw new DocketError(
      408,
      "timeout",
      `entry ${entryId} did not close in ${timeoutMs} ms`,
      {},
      null,
    );
  }

  /** Reads the SSE stream until `entry.closed` or the stream ends. */
  private async follow(
    entryId: string,
    after: number,
    deadline: number,
    seen: (id: number) => void,
  ): Promise<boolean> {
    const abort = new AbortController();
    const timer = setTimeout(
      () => abort.abort(),
      Math.max(0, deadline - Date.now()),
    );
    try {
      const response = await this.doFetch(
        `${this.base}/api/v1/entries/${entryId}/timeline`,
        {
          headers: {
            ...this.auth(),
            accept: "text/event-stream",
            "last-event-id": String(after),
          },
          signal: abort.signal,
        },
      );
      // 204: the entry closed before the event after `after`.
      if (response.status === 204) {
        return true;
      }
      if (!response.ok || !response.body) {
        await this.read(response);

        return false;
      }
      const decoder = new TextDecoder();
      let text = "";
      for await (const part of response.body as unknown as AsyncIterable<Uint8Array>) {
        text += decoder.decode(part, { stream: true });
        let end = text.indexOf("\n\n");
        while (end >= 0) {
          const block = text.slice(0, end);
          text = text.slice(end + 2);
          const id = /^id: (\d+)$/m.exec(block)?.[1];
          if (id) {
            seen(Number(id));
          }
          if (/^event: entry\.closed$/m.test(block)) {
            return true;
          }
          end = text.indexOf("\n\n");
        }
      }

      return false;
    } catch (error) {
      if (abort.signal.aborted) {
        return false;
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private auth(): Record<string, string> {
    return this.options.apiKey
      ? { authorization: `Bearer ${this.options.apiKey}` }
      : {};
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
    auth = true,
  ): Promise<T> {
    const response = await this.doFetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(auth ? this.auth() : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

    return this.read<T>(response);
  }

  private async read<T>(response: Response): Promise<T> {
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : null;
    if (!response.ok) {
      const error = (
        parsed as {
          error?: {
            code?: string;
            message?: string;
            details?: Record<string, unknown>;
          };
        }
      )?.error;
      const retry = response.headers.get("retry-after");
      throw new DocketError(
        response.status,
        error?.code ?? "http_error",
        error?.message ?? `HTTP ${response.status}`,
        error?.details ?? {},
        retry ? Number(retry) : null,
      );
    }

    return parsed as T;
  }
}
