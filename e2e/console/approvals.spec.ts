import { expect, test } from "@playwright/test";

import { signApprovalLink } from "@/server/auth/approval-links";

import {
  ACCOUNTS,
  SIGNED_IN,
  entryRow,
  openServerDatabase,
  serverSecret,
  spendRequest,
  userId,
} from "./support";

test.use({ storageState: SIGNED_IN.approver });

const db = openServerDatabase();
test.afterAll(() => db.$client.close());

test("an approver approves an entry waiting on them and the call completes", async ({
  page,
  request,
}) => {
  const { id, question } = await spendRequest(request);

  await page.goto("/approvals");
  const card = page.getByRole("article", { name: question });
  await expect(card.getByText("Approve this spend?")).toBeVisible();
  await expect(card.getByText('"left": 900')).toBeVisible();
  await expect(card.getByText("group:managers")).toBeVisible();
  await card.getByRole("button", { name: "Approve", exact: true }).click();

  await expect(card.getByText("approved — the call completed")).toBeVisible();
  await expect(card.getByText(/^Approved by Ana/)).toBeVisible();
  await expect(card.getByRole("button", { name: "Reject" })).toHaveCount(0);

  const row = entryRow(db, id);
  expect(row.entry?.state).toBe("closed");
  expect(row.closure?.reason).toBe("criterion_met");
  const deciding = row.deciding;
  expect(deciding).toMatchObject({
    key: "approval",
    outcome: "ok",
    source: `user:${ACCOUNTS.approver}`,
  });
  expect(deciding?.payload).toMatchObject({ by: { name: "Ana" } });
});

test("a rejection with a comment vetoes the call", async ({
  page,
  request,
}) => {
  const { id, question } = await spendRequest(request);

  await page.goto("/approvals");
  const card = page.getByRole("article", { name: question });
  await card.getByLabel("Comment (optional)").fill("Over the quarter's budget");
  await card.getByRole("button", { name: "Reject" }).click();

  await expect(card.getByText("rejected — the call was vetoed")).toBeVisible();
  await expect(card.getByText(/Over the quarter's budget/)).toBeVisible();

  const row = entryRow(db, id);
  expect(row.closure).toMatchObject({ reason: "vetoed", verdict: "rejected" });
  const decision = row.fragments.find((f) => f.key === "approval");
  expect(decision?.outcome).toBe("negative");
  expect(decision?.payload).toMatchObject({
    decision: "reject",
    comment: "Over the quarter's budget",
  });
});

test("edit and approve records the edited answer", async ({
  page,
  request,
}) => {
  const { id, question } = await spendRequest(request);

  await page.goto("/approvals");
  const card = page.getByRole("article", { name: question });
  await card.getByRole("button", { name: "Edit and approve" }).click();
  const answer = card.getByLabel("Edited answer");
  await expect(answer).toBeFocused();
  await expect(answer).toHaveValue('budget: {"left":900}');
  await answer.fill("Book it, economy only.");
  await card.getByRole("button", { name: "Approve edited answer" }).click();

  await expect(card.getByText("approved — the call completed")).toBeVisible();
  const decision = entryRow(db, id).fragments.find((f) => f.key === "approval");
  expect(decision?.payload).toMatchObject({
    decision: "approve",
    edited: "Book it, economy only.",
  });
});

test("a decision that comes second says who decided first", async ({
  page,
  context,
  request,
}) => {
  const { id, question } = await spendRequest(request);
  const late = await context.newPage();
  // The second tab keeps showing the list as first loaded, as a tab does
  // whose live stream is down between two refreshes, so its buttons are
  // still there to press.
  await late.route(/\/api\/trpc\/approval\.changes/, (route) => route.abort());
  // Every read of the list gets the first answer; reads made at once share it.
  let firstList: Promise<string> | null = null;
  await late.route(/\/api\/trpc\/approval\.list\?/, async (route) => {
    firstList ??= route.fetch().then((response) => response.text());
    await route.fulfill({
      contentType: "application/json",
      body: await firstList,
    });
  });
  await late.goto("/approvals");
  const lateCard = late.getByRole("article", { name: question });
  await expect(lateCard.getByRole("button", { name: "Reject" })).toBeEnabled();

  await page.goto("/approvals");
  const card = page.getByRole("article", { name: question });
  await card.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(card.getByText("approved — the call completed")).toBeVisible();
  await lateCard.getByRole("button", { name: "Reject" }).click();

  await expect(
    lateCard.getByText(/^already decided by Ana at \d\d:\d\d$/),
  ).toBeVisible();
  const row = entryRow(db, id);
  expect(row.closure?.reason).toBe("criterion_met");
  expect(
    row.fragments
      .filter((f) => f.key === "approval")
      .map((f) => [f.outcome, f.disposition]),
  ).toEqual([
    ["ok", "accepted"],
    ["negative", "late"],
  ]);
  // No route of the stale tab may still be answering when the test ends.
  await late.unrouteAll({ behavior: "wait" });
  await late.close();
});

test("a claim shows who is on it", async ({ page, request }) => {
  const { question } = await spendRequest(request);

  await page.goto("/approvals");
  const card = page.getByRole("article", { name: question });
  await expect(card.getByText("nobody yet")).toBeVisible();
  await card.getByRole("button", { name: "Claim" }).click();

  await expect(
    card.getByText("claimed — the others see you are on it"),
  ).toBeVisible();
  await expect(card.getByText(ACCOUNTS.approver)).toBeVisible();
});

test("an emailed link shows the approval and decides nothing until asked", async ({
  page,
  request,
}) => {
  const { id, question } = await spendRequest(request);
  const token = signApprovalLink(serverSecret(), {
    entryId: id,
    key: "approval",
    userId: userId(db, ACCOUNTS.approver),
    expiresAt: Date.now() + 3_600_000,
  });

  await page.goto(`/approvals/confirm?t=${token}`);
  const card = page.getByRole("article", { name: question });
  await expect(
    card.getByRole("button", { name: "Approve", exact: true }),
  ).toBeEnabled();
  expect(entryRow(db, id).entry?.state).toBe("open");

  await card.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(card.getByText("approved — the call completed")).toBeVisible();
  expect(entryRow(db, id).closure?.reason).toBe("criterion_met");
});

test("a link for someone else, or a forged one, is refused", async ({
  page,
  request,
}) => {
  const { id } = await spendRequest(request);
  const link = {
    entryId: id,
    key: "approval",
    userId: userId(db, ACCOUNTS.admin),
    expiresAt: Date.now() + 3_600_000,
  };
  const forAda = signApprovalLink(serverSecret(), link);
  const forged = signApprovalLink("not the server's secret at all", link);

  await page.goto(`/approvals/confirm?t=${forAda}`);
  await expect(
    page.getByText("This approval link is not yours."),
  ).toBeVisible();

  await page.goto(`/approvals/confirm?t=${forged}`);
  await expect(
    page.getByText("This approval link does not work."),
  ).toBeVisible();
  expect(entryRow(db, id).entry?.state).toBe("open");
});
