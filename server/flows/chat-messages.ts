import { eq } from "drizzle-orm";

import type { Db } from "@/db/client";
import { chatMessages } from "@/db/schema";
import type { LiveBus } from "@/server/delivery/live";
import { newId } from "@/server/registry/ids";

/** The user's own words in their thread. */
export function postQuestion(
  db: Db,
  input: { thread: string; userEmail: string; body: string },
): string {
  const id = newId("msg");
  db.insert(chatMessages)
    .values({
      id,
      thread: input.thread,
      userEmail: input.userEmail.toLowerCase(),
      entryId: null,
      role: "user",
      body: input.body,
      parts: null,
      createdAt: Date.now(),
    })
    .run();

  return id;
}

/** Ties the question to the entry opened for it. */
export function linkQuestion(db: Db, messageId: string, entryId: string) {
  db.update(chatMessages)
    .set({ entryId })
    .where(eq(chatMessages.id, messageId))
    .run();
}

/** A reply that needs no entry (e.g. the question could not be read). */
export function postReply(
  db: Db,
  live: LiveBus,
  input: { thread: string; userEmail: string; body: string },
): void {
  const id = newId("msg");
  db.insert(chatMessages)
    .values({
      id,
      thread: input.thread,
      userEmail: input.userEmail.toLowerCase(),
      entryId: null,
      role: "docket",
      body: input.body,
      parts: null,
      createdAt: Date.now(),
    })
    .run();
  live.publish({
    type: "answer",
    messageId: id,
    title: "Docket",
    text: input.body,
    verdict: null,
    userEmail: input.userEmail,
    thread: input.thread,
    entryId: "",
  });
}
