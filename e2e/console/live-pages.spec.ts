import { expect, test, type Page } from "@playwright/test";
import { and, asc, eq } from "drizzle-orm";

import { clock } from "@/components/ui/time";
import { deliveries, inboxItems, timelineEvents } from "@/db/schema";
import { signApprovalLink } from "@/server/auth/approval-links";
import { unreadCount } from "@/server/delivery/inbox";

import {
  ACCOUNTS,
  SIGNED_IN,
  addPerson,
  entryRow,
  openEntry,
  openServerDatabase,
  postFragment,
  readsInAMinute,
  readsOf,
  serverSecret,
  signedInPage,
  spendRequest,
  uniqueQuestion,
  userId,
} from "./support";

const db = openServerDatabase();
test.afterAll(() => db.$client.close());

function timelineOf(entryId: string) {
  return db
    .select()
    .from(timelineEvents)
    .where(eq(timelineEvents.entryId, entryId))
    .orderBy(asc(timelineEvents.id))
    .all();
}

/** Resolves once the page's stream of this subscription has closed. */
function streamClosed(page: Page, procedure: string): Promise<unknown> {
  const ours = (url: string) => url.includes(`/api/trpc/${procedure}?`);

  return Promise.race([
    page.waitForEvent("requestfinished", (r) => ours(r.url())),
    page.waitForEvent("requestfailed", (r) => ours(r.url())),
  ]);
}

test("an open call's page grows as results land and stops following once delivered", async ({
  browser,
  request,
}) => {
  const context = await browser.newContext({ storageState: SIGNED_IN.admin });
  await context.clock.install();
  const page = await context.newPage();
  const reads = readsOf(page, "entry.get");
  const question = uniqueQuestion("Is the conference fee within policy?");
  const id = await openEntry(request, {
    question,
    expect: [
      { key: "budget", kind: "tool" },
      { key: "policy", kind: "agent" },
    ],
    criterion: { all: ["budget", "policy"] },
    deadline: "45m",
  });

  await page.goto(`/calls/${id}`);
  await expect(
    page.getByRole("status").filter({ hasText: "Live" }),
  ).toBeVisible();
  expect(await readsInAMinute(page, reads)).toBe(0);

  const events = page
    .getByRole("list", { name: "Events" })
    .getByRole("listitem");
  const chart = page.getByRole("img", { name: /Timeline of the call/ });
  const dot = (text: RegExp) =>
    chart.locator("circle > title", { hasText: text });
  await expect(events).toHaveCount(timelineOf(id).length);
  await expect(dot(/^budget ok at/)).toHaveCount(0);

  await postFragment(request, id, { key: "budget", outcome: "ok" });
  await expect(dot(/^budget ok at/)).toHaveCount(1);
  await expect(events).toHaveCount(timelineOf(id).length);
  await expect(
    page.getByRole("region", { name: "Why it is still open" }),
  ).toContainText("policy");

  const ended = streamClosed(page, "entry.changes");
  await postFragment(request, id, {
    key: "policy",
    outcome: "ok",
    source: "policy-agent",
  });
  await expect(
    page.getByText(/^Closed because budget and policy/),
  ).toBeVisible();
  await expect(dot(/^policy ok at/)).toHaveCount(1);
  await expect(
    page.getByRole("status").filter({ hasText: "Settled" }),
  ).toBeVisible();
  await ended;

  // What the page shows is everything the database holds for the call.
  const rows = timelineOf(id);
  await expect(events).toHaveCount(rows.length);
  expect(entryRow(db, id).closure?.reason).toBe("criterion_met");
  const answers = db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.entryId, id), eq(deliveries.purpose, "answer")))
    .all();
  expect(answers.length).toBeGreaterThan(0);
  expect(answers.map((d) => d.status)).not.toContain("pending");
  expect(answers.map((d) => d.status)).not.toContain("sending");
  expect(rows.map((r) => r.type)).toContain("delivery.sent");
  await context.close();
});

/** The navigation's link to the inbox, with its unread count if any. */
function inboxLink(page: Page, unread: number) {
  const name = unread === 0 ? "Inbox" : `Inbox ${unread} unread`;

  return page.getByRole("navigation").getByRole("link", { name, exact: true });
}

test("the inbox badge counts an answer as it lands and a read in another tab", async ({
  browser,
  request,
}) => {
  const context = await browser.newContext({ storageState: SIGNED_IN.user });
  await context.clock.install();
  const watching = await context.newPage();
  const reading = await context.newPage();
  const reads = readsOf(watching, "inbox.unread");
  const connected = [watching, reading].map((page) =>
    page.waitForResponse((r) => r.url().includes("/api/trpc/inbox.changes?")),
  );
  await watching.goto("/inbox");
  await reading.goto("/inbox");
  await Promise.all(connected);
  const before = unreadCount(db, ACCOUNTS.user);
  await expect(inboxLink(watching, before)).toBeVisible();
  expect(await readsInAMinute(watching, reads)).toBe(0);

  const question = uniqueQuestion("Is my visa letter ready?");
  const id = await openEntry(request, {
    question,
    expect: [{ key: "letter", kind: "tool" }],
  });
  await postFragment(request, id, { key: "letter", outcome: "ok" });

  await expect(inboxLink(watching, before + 1)).toBeVisible();
  await expect(inboxLink(reading, before + 1)).toBeVisible();
  const [item] = db
    .select()
    .from(inboxItems)
    .where(eq(inboxItems.entryId, id))
    .all();
  expect(item).toMatchObject({ userEmail: ACCOUNTS.user, readAt: null });
  expect(unreadCount(db, ACCOUNTS.user)).toBe(before + 1);

  // The list of the reading tab took the answer in as well.
  const article = reading.getByRole("article").filter({ hasText: question });
  await article.getByRole("button", { name: "Mark as read" }).click();

  await expect(inboxLink(watching, before)).toBeVisible();
  await expect(inboxLink(reading, before)).toBeVisible();
  expect(unreadCount(db, ACCOUNTS.user)).toBe(before);
  const read = db
    .select()
    .from(inboxItems)
    .where(eq(inboxItems.entryId, id))
    .get();
  expect(read?.readAt).toEqual(expect.any(Number));
  expect(timelineOf(id).map((r) => r.type)).toContain("inbox.read");
  await context.close();
});

test("an emailed approval link follows the approval as a colleague claims and decides it", async ({
  browser,
  request,
}) => {
  const bob = addPerson(db, "Bob", "approver", ["managers"]);
  const { id, question } = await spendRequest(request);
  const token = signApprovalLink(serverSecret(), {
    entryId: id,
    key: "approval",
    userId: userId(db, ACCOUNTS.approver),
    expiresAt: Date.now() + 3_600_000,
  });
  const anaContext = await browser.newContext({
    storageState: SIGNED_IN.approver,
  });
  await anaContext.clock.install();
  const ana = await anaContext.newPage();
  const reads = readsOf(ana, "approval.get");

  await ana.goto(`/approvals/confirm?t=${token}`);
  const card = ana.getByRole("article", { name: question });
  await expect(
    ana.getByRole("status").filter({ hasText: "Live" }),
  ).toBeVisible();
  await expect(
    card.getByRole("button", { name: "Approve", exact: true }),
  ).toBeEnabled();
  expect(await readsInAMinute(ana, reads)).toBe(0);

  const bobPage = await signedInPage(browser, bob.email);
  await bobPage.goto("/approvals");
  const bobCard = bobPage.getByRole("article", { name: question });
  await bobCard.getByRole("button", { name: "Claim" }).click();
  await expect(card).toContainText(`Claimed by${bob.email}`);

  await bobCard.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(
    bobCard.getByText("approved — the call completed"),
  ).toBeVisible();
  const row = entryRow(db, id);
  const decision = row.deciding;
  expect(row.closure?.reason).toBe("criterion_met");
  expect(decision).toMatchObject({
    key: "approval",
    source: `user:${bob.email}`,
  });
  await expect(
    card.getByText(`Approved by Bob at ${clock(decision?.receivedAt ?? 0)}`),
  ).toBeVisible();
  await expect(card.getByRole("button", { name: "Approve" })).toHaveCount(0);

  await anaContext.close();
  await bobPage.context().close();
});
