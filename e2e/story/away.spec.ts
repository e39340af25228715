import { expect, test } from "@playwright/test";

import { ACCOUNTS, openServerDatabase } from "../console/support";
import {
  QUESTION,
  askInChat,
  deliveredRows,
  mailFor,
  readWholeInbox,
  signedIn,
} from "./support";

const db = openServerDatabase();
test.afterAll(() => db.$client.close());

test.setTimeout(60_000);

const ANSWER = /Yes — you can book SFO → JFK on \d{4}-05-03 for \$640\./;

test("an answer that comes after Uma left waits in her inbox and her mailbox", async ({
  browser,
  baseURL,
}) => {
  readWholeInbox(db);
  const uma = await signedIn(browser, baseURL, "user");
  const ana = await signedIn(browser, baseURL, "approver");
  const { thread, entryId } = await askInChat(uma, db, QUESTION);
  const call = uma.getByRole("region", { name: "Where this call stands" });
  await expect(
    call.getByText("approval — waiting for group managers", { exact: true }),
  ).toBeVisible();

  // Uma leaves: her only chat closes, so she no longer counts as there.
  await uma.close();
  await ana.goto("/approvals");
  const card = ana.getByRole("article").filter({ hasText: entryId });
  await card.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(card.getByText("approved — the call completed")).toBeVisible();

  await expect
    .poll(() => deliveredRows(db, entryId).answers.map((d) => d.status))
    .toEqual(["delivered", "delivered", "delivered"]);
  const delivered = deliveredRows(db, entryId);
  expect(delivered.answers.map((d) => d.channel).sort()).toEqual([
    "chat",
    "email",
    "inbox",
  ]);
  expect(delivered.inbox).toHaveLength(1);
  expect(delivered.inbox[0]?.readAt).toBeNull();
  // The thread keeps it too, for when she opens the chat again.
  expect(delivered.chat[0]?.thread).toBe(thread);

  // The mail reached a real SMTP server, addressed to Uma.
  const email = delivered.answers.find((d) => d.channel === "email");
  await expect.poll(() => mailFor(email)).toBeDefined();
  const mail = mailFor(email);
  expect(mail?.to).toEqual([ACCOUNTS.user]);
  expect(mail?.subject).toMatch(ANSWER);
  expect(mail?.text).toMatch(ANSWER);
  expect(mail?.text).toContain("Approved by Ana.");

  const back = await uma.context().newPage();
  await back.goto("/inbox");
  const nav = back.getByRole("navigation", { name: "Console" });
  await expect(nav.getByRole("link", { name: "Inbox 1 unread" })).toBeVisible();
  // Newest first: the top one is this call's, the only unread one.
  const item = back.getByRole("article", { name: ANSWER }).first();
  await expect(item.getByText("unread", { exact: true })).toBeVisible();
  await item.getByRole("button", { name: "Open" }).click();

  await expect(item.getByText("Approved by Ana.")).toBeVisible();
  await expect(item.getByText("unread", { exact: true })).toHaveCount(0);
  await expect(
    nav.getByRole("link", { name: "Inbox", exact: true }),
  ).toBeVisible();
  await expect
    .poll(() => deliveredRows(db, entryId).inbox[0]?.readAt)
    .toEqual(expect.any(Number));

  await back.context().close();
  await ana.context().close();
});
