import { EventEmitter } from "node:events";
import fs from "node:fs";
import path from "node:path";

import {
  expect,
  type Browser,
  type Page,
  type TestInfo,
} from "@playwright/test";
import { and, asc, eq, isNull } from "drizzle-orm";

import type { Db } from "@/db/client";
import {
  chatMessages,
  deliveries,
  inboxItems,
  type DeliveryRow,
} from "@/db/schema";
import { listInbox, markRead } from "@/server/delivery/inbox";
import {
  decodeBody,
  decodeWords,
  parseMail,
} from "@/server/delivery/mail-parse";
import type { RegistryEvents } from "@/server/registry/registry";

import { ACCOUNTS, SIGNED_IN } from "../console/support";

export const QUESTION = "Can I fly SFO to JFK on 3 May for $640?";

/** A person's own browser, signed in as the setup project left them. */
export async function signedIn(
  browser: Browser,
  baseURL: string | undefined,
  role: keyof typeof SIGNED_IN,
): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    storageState: SIGNED_IN[role],
    viewport: { width: 1280, height: 900 },
  });

  return context.newPage();
}

/** Uma asks in a new thread of the chat; returns the thread and entry. */
export async function askInChat(page: Page, db: Db, question: string) {
  await page.goto("/chat");
  // Connected before asking: the answer is then meant for this chat.
  await expect(page.getByRole("status").getByText("Live")).toBeVisible();
  const field = page.getByLabel("Your question");
  await field.fill(question);
  await field.press("Enter");

  await expect(page).toHaveURL(/\/chat\?thread=/);
  const thread = new URL(page.url()).searchParams.get("thread") ?? "";
  const asked = db
    .select()
    .from(chatMessages)
    .where(
      and(
        eq(chatMessages.thread, thread),
        eq(chatMessages.userEmail, ACCOUNTS.user),
        eq(chatMessages.role, "user"),
      ),
    )
    .get();
  expect(asked?.entryId).toMatch(/^ent_/);

  return { thread, entryId: asked?.entryId ?? "" };
}

/** The chat rows, inbox items and deliveries an entry's answer made. */
export function deliveredRows(db: Db, entryId: string) {
  return {
    chat: db
      .select()
      .from(chatMessages)
      .where(
        and(eq(chatMessages.entryId, entryId), eq(chatMessages.role, "docket")),
      )
      .all(),
    inbox: db
      .select()
      .from(inboxItems)
      .where(eq(inboxItems.entryId, entryId))
      .all(),
    answers: db
      .select()
      .from(deliveries)
      .where(
        and(eq(deliveries.entryId, entryId), eq(deliveries.purpose, "answer")),
      )
      .orderBy(asc(deliveries.createdAt))
      .all(),
  };
}

/**
 * Uma has read everything already in her inbox, through the verb. The
 * server runs in another process and hears nothing of it: its pages read
 * the inbox again when they open.
 */
export function readWholeInbox(db: Db): void {
  const registry = { events: new EventEmitter<RegistryEvents>() };
  for (const item of listInbox(db, ACCOUNTS.user)) {
    markRead({ db, registry }, ACCOUNTS.user, item.id);
  }
  const unread = db
    .select()
    .from(inboxItems)
    .where(
      and(eq(inboxItems.userEmail, ACCOUNTS.user), isNull(inboxItems.readAt)),
    )
    .all();
  expect(unread).toEqual([]);
}

export interface ReceivedMail {
  to: string[];
  messageId: string;
  subject: string;
  text: string;
}

/** What the run's SMTP server has received so far. */
export function receivedMail(): ReceivedMail[] {
  const folder = process.env.DOCKET_E2E_SMTP_DIR ?? "";
  if (!fs.existsSync(folder)) {
    return [];
  }

  return fs
    .readdirSync(folder)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => {
      const file = fs.readFileSync(path.join(folder, name), "utf8");
      const mail = JSON.parse(file) as { to: string[]; raw: string };
      const { headers, body } = parseMail(mail.raw);
      const encoding = headers.get("content-transfer-encoding") ?? "";

      return {
        to: mail.to,
        messageId: headers.get("message-id") ?? "",
        subject: decodeWords(headers.get("subject") ?? ""),
        text: decodeBody(body, encoding.toLowerCase()),
      };
    });
}

/** The mail sent for a delivery: its Message-ID is the delivery id. */
export function mailFor(delivery: DeliveryRow | undefined) {
  return receivedMail().find(
    (mail) => mail.messageId === `<${delivery?.id ?? "-"}@docket>`,
  );
}

/**
 * Where a README screenshot goes: into docs/screenshots when asked with
 * DOCKET_SCREENSHOTS=1, else beside the test's other output, so a plain
 * run leaves the committed pictures alone.
 */
export function screenshotPath(info: TestInfo, name: string): string {
  return process.env.DOCKET_SCREENSHOTS === "1"
    ? path.join("docs", "screenshots", `${name}.png`)
    : info.outputPath(`${name}.png`);
}
