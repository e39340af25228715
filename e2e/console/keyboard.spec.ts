import { expect, test, type Locator, type Page } from "@playwright/test";

import {
  ACCOUNTS,
  SIGNED_IN,
  entryRow,
  openServerDatabase,
  spendRequest,
} from "./support";

const db = openServerDatabase();
test.afterAll(() => db.$client.close());

/**
 * Presses Tab until `target` has the focus, as someone without a mouse
 * would; fails if it is never reached.
 */
async function tabTo(page: Page, target: Locator, most = 150) {
  for (let i = 0; i < most; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) {
      return;
    }
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/** The focused element shows where the focus is. */
async function expectFocusRing(target: Locator) {
  await expect(target).toBeFocused();
  const outline = await target.evaluate(
    (el) => getComputedStyle(el).outlineStyle,
  );
  expect(outline).not.toBe("none");
}

test.describe("an approver without a mouse", () => {
  test.use({ storageState: SIGNED_IN.approver });

  test("skips to the content, comments and approves by keyboard", async ({
    page,
    request,
  }) => {
    const { id, question } = await spendRequest(request);
    await page.goto("/approvals");
    const card = page.getByRole("article", { name: question });
    await expect(card.getByText("waiting for a decision")).toBeVisible();

    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page.locator("main")).toBeFocused();

    const comment = card.getByLabel("Comment (optional)");
    await tabTo(page, comment);
    await page.keyboard.type("Fine by keyboard");
    const approve = card.getByRole("button", { name: "Approve", exact: true });
    await tabTo(page, approve, 5);
    await expectFocusRing(approve);
    await page.keyboard.press("Enter");

    await expect(card.getByText("approved — the call completed")).toBeVisible();
    const row = entryRow(db, id);
    expect(row.closure?.reason).toBe("criterion_met");
    expect(row.fragments.find((f) => f.key === "approval")).toMatchObject({
      source: `user:${ACCOUNTS.approver}`,
      payload: expect.objectContaining({ comment: "Fine by keyboard" }),
    });
  });
});

test.describe("a user without a mouse, on a phone", () => {
  test.use({
    storageState: SIGNED_IN.user,
    viewport: { width: 375, height: 800 },
  });

  test("opens the thread menu and reaches the inbox by keyboard", async ({
    page,
  }) => {
    await page.goto("/chat");
    await expect(page.getByRole("status").getByText("Live")).toBeVisible();

    const menu = page.getByRole("button", { name: /^Threads/ });
    await tabTo(page, menu);
    await expectFocusRing(menu);
    await page.keyboard.press("Enter");
    await expect(menu).toHaveAttribute("aria-expanded", "true");

    const field = page.getByLabel("Your question");
    await tabTo(page, field);
    await expectFocusRing(field);

    // From the top of the page again, to the header's sections.
    await page.goto("/chat");
    const inbox = page
      .getByRole("navigation", { name: "Console" })
      .getByRole("link", { name: /^Inbox/ });
    await tabTo(page, inbox);
    await expectFocusRing(inbox);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/inbox$/);
    await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  });
});
