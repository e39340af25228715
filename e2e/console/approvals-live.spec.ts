import { expect, test, type Page } from "@playwright/test";
import { and, eq } from "drizzle-orm";

import { clock } from "@/components/ui/time";
import { timelineEvents } from "@/db/schema";

import {
  ACCOUNTS,
  SIGNED_IN,
  addPerson,
  entryRow,
  openEntry,
  openServerDatabase,
  signedInPage,
  spendRequest,
  uniqueQuestion,
} from "./support";

const db = openServerDatabase();
test.afterAll(() => db.$client.close());

/** The approvals page, once its live stream is connected. */
async function liveQueue(page: Page) {
  await page.goto("/approvals");
  await expect(
    page.getByRole("status").filter({ hasText: "Live" }),
  ).toBeVisible();
}

test("two approvers see the queue change live, each only what they may act on", async ({
  browser,
  request,
}) => {
  const bob = addPerson(db, "Bob", "approver", ["managers"]);
  const anaContext = await browser.newContext({
    storageState: SIGNED_IN.approver,
  });
  const ana = await anaContext.newPage();
  const bobPage = await signedInPage(browser, bob.email);
  await liveQueue(ana);
  await liveQueue(bobPage);

  // Assigned to Ana alone: it reaches her screen, never Bob's.
  const forAna = uniqueQuestion("May Ana expense the taxi?");
  await openEntry(request, {
    question: forAna,
    expect: [{ key: "approval", kind: "human", assignee: ACCOUNTS.approver }],
  });
  await expect(ana.getByRole("article", { name: forAna })).toBeVisible();

  // For the managers, blocked until the budget is in: both see it unblock.
  const { id, question } = await spendRequest(request);
  const anaCard = ana.getByRole("article", { name: question });
  const bobCard = bobPage.getByRole("article", { name: question });
  await expect(anaCard.getByText("waiting for a decision")).toBeVisible();
  await expect(bobCard.getByText("waiting for a decision")).toBeVisible();
  // Bob's list was read again after Ana's approval was opened.
  await expect(bobPage.getByRole("article", { name: forAna })).toHaveCount(0);

  await bobCard.getByRole("button", { name: "Claim" }).click();
  await expect(anaCard).toContainText(`Claimed by${bob.email}`);

  await anaCard.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(
    anaCard.getByText("approved — the call completed"),
  ).toBeVisible();

  const row = entryRow(db, id);
  const decision = row.deciding;
  expect(row.closure?.reason).toBe("criterion_met");
  expect(decision).toMatchObject({
    key: "approval",
    outcome: "ok",
    source: `user:${ACCOUNTS.approver}`,
  });
  const decidedAt = clock(decision?.receivedAt ?? 0);
  await expect(
    bobCard.getByText(`Approved by Ana at ${decidedAt}`),
  ).toBeVisible();
  await expect(bobCard.getByText("approved", { exact: true })).toBeVisible();
  await expect(bobCard.getByRole("button", { name: "Approve" })).toHaveCount(0);
  const claims = db
    .select()
    .from(timelineEvents)
    .where(
      and(
        eq(timelineEvents.entryId, id),
        eq(timelineEvents.type, "approval.claimed"),
      ),
    )
    .all();
  expect(claims.map((c) => c.data.email)).toEqual([bob.email]);

  await anaContext.close();
  await bobPage.context().close();
});

test("a cancelled approval leaves the queue live", async ({
  browser,
  request,
}) => {
  const context = await browser.newContext({
    storageState: SIGNED_IN.approver,
  });
  const page = await context.newPage();
  await liveQueue(page);
  const { id, question } = await spendRequest(request);
  const card = page.getByRole("article", { name: question });
  await expect(card.getByText("waiting for a decision")).toBeVisible();

  const cancelled = await request.post(`/api/v1/entries/${id}/cancel`, {
    headers: {
      Authorization: `Bearer ${process.env.DOCKET_E2E_API_KEY ?? ""}`,
    },
    data: { reason: "the trip was called off" },
  });
  expect(cancelled.status()).toBe(200);

  await expect(card.getByText("cancelled", { exact: true })).toBeVisible();
  await expect(card.getByRole("button", { name: "Approve" })).toHaveCount(0);
  expect(entryRow(db, id).closure?.reason).toBe("cancelled");
  await context.close();
});
