import path from "node:path";
import { performance } from "node:perf_hooks";

import bcrypt from "bcryptjs";

import { openDatabase } from "@/db/client";
import { liveEvent, readEvents, signIn } from "@/scripts/lib/console-client";
import { createUser } from "@/server/auth/users";
import { newId } from "@/server/registry/ids";

import { delay } from "./http-process";
import type { Server } from "./http-servers";
import { KEYS, entrySpec, okFragment } from "./setup";
import { summarize, type Summary } from "./stats";

const EMAIL = "chat-bench@example.com";
const PASSWORD = "bench-password";
const THREAD = "bench";
const WARMUP = 5;
const ANSWER_TIMEOUT_MS = 10_000;

export interface ChatLatency extends Summary {
  /** Answers that did not reach the open chat in time. */
  missed: number;
}

/**
 * From the deciding fragment's commit to the answer on a connected chat.
 * A user signs in and opens the chat stream; entries on that user's
 * thread are opened and completed through the API one after another, and
 * each answer's arrival is timed from its closure's time (same host, same
 * clock; the closure is stamped just before its transaction commits).
 */
export async function measureChatLatency(
  server: Server,
  dataDir: string,
  apiKey: string,
  count: number,
): Promise<ChatLatency> {
  addUser(dataDir);
  const base = `http://127.0.0.1:${server.port}`;
  const cookie = await signIn(base, EMAIL, PASSWORD);
  const chat = openChat(base, cookie);
  try {
    await chat.ready;
    const samples: number[] = [];
    let missed = 0;
    for (let i = 0; i < WARMUP + count; i++) {
      const failure = chat.failure();
      if (failure) {
        throw failure;
      }
      const waited = await completeOne(base, apiKey, i, chat.answerOf);
      if (waited === null) {
        missed += 1;
      } else if (i >= WARMUP) {
        samples.push(waited);
      }
      if (missed > WARMUP && samples.length === 0) {
        // Answers go elsewhere (inbox, email): the chat is not connected.
        break;
      }
    }

    return { ...summarize(samples), missed };
  } finally {
    chat.close();
  }
}

function addUser(dataDir: string): void {
  const db = openDatabase(path.join(dataDir, "docket.sqlite"));
  try {
    createUser(db, {
      id: newId("usr"),
      email: EMAIL,
      name: "Chat bench",
      role: "user",
      passwordHash: bcrypt.hashSync(PASSWORD, 4),
    });
  } finally {
    db.$client.close();
  }
}

type AnswerOf = (entryId: string) => Promise<number | null>;

/**
 * The chat subscription over Server-Sent Events, as the console opens it.
 * `answerOf` resolves with the time an entry's answer arrived, or null.
 */
function openChat(base: string, cookie: string) {
  const abort = new AbortController();
  const arrived = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  let opened = () => {};
  const ready = new Promise<void>((resolve) => {
    opened = resolve;
  });
  const input = encodeURIComponent(
    JSON.stringify({ json: { thread: THREAD } }),
  );
  const onEvent = (data: string) => {
    opened();
    const event = liveEvent(data);
    if (event?.type !== "answer" || typeof event.entryId !== "string") {
      return;
    }
    const at = performance.timeOrigin + performance.now();
    arrived.set(event.entryId, at);
    waiting.get(event.entryId)?.(at);
  };
  const reading = (async () => {
    const response = await fetch(
      `${base}/api/trpc/chat.stream?input=${input}`,
      {
        headers: { cookie, accept: "text/event-stream" },
        signal: abort.signal,
      },
    );
    if (!response.ok || !response.body) {
      throw new Error(`the chat stream answered ${response.status}`);
    }
    await readEvents(response.body, onEvent);
  })();
  let failure: Error | null = null;
  reading.catch((error: unknown) => {
    if (!abort.signal.aborted) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    opened();
  });

  return {
    failure: () => failure,
    ready: Promise.race([ready, delay(ANSWER_TIMEOUT_MS)]),
    answerOf: (async (entryId) => {
      const known = arrived.get(entryId);
      if (known !== undefined) {
        return known;
      }
      const at = await Promise.race([
        new Promise<number>((resolve) => waiting.set(entryId, resolve)),
        delay(ANSWER_TIMEOUT_MS).then(() => null),
      ]);
      waiting.delete(entryId);

      return at;
    }) as AnswerOf,
    close: () => abort.abort(),
  };
}

/**
 * Opens one entry on the chat thread, posts its results, and returns the
 * milliseconds from its closure to its answer on the chat, or null.
 */
async function completeOne(
  base: string,
  apiKey: string,
  n: number,
  answerOf: AnswerOf,
): Promise<number | null> {
  const post = (url: string, body: unknown) =>
    fetch(`${base}${url}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${apiKey}`,
        "content-type": "application/json",
      },
      body: JSON.stringify(body),
    }).then((answer) => answer.json() as Promise<Record<string, unknown>>);
  const spec = {
    ...entrySpec(n),
    requester: EMAIL,
    channel: { kind: "chat", thread: THREAD },
  };
  const { id } = (await post("/api/v1/entries", spec)) as { id: string };
  let closedAt: string | undefined;
  for (const key of KEYS) {
    const answer = (await post(
      `/api/v1/entries/${id}/fragments`,
      okFragment(key),
    )) as { entry?: { closure?: { closedAt?: string } | null } };
    closedAt = answer.entry?.closure?.closedAt ?? closedAt;
  }
  const at = await answerOf(id);
  if (at === null || !closedAt) {
    return null;
  }

  return at - Date.parse(closedAt);
}
