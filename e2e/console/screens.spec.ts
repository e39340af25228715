import { expect, test, type Page, type TestInfo } from "@playwright/test";

import {
  SIGNED_IN,
  openEntry,
  postFragment,
  spendRequest,
  uniqueQuestion,
} from "./support";

const WIDTHS = [1280, 375];
const QUESTION = "Can I fly SFO to JFK on 3 May for $640?";

/** The page fits the window (nothing but wide figures scroll sideways). */
async function fitsAtEachWidth(page: Page, info: TestInfo, name: string) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow, `${name} at ${width}px`).toBeLessThanOrEqual(0);
    await page.screenshot({
      path: info.outputPath(`${name}-${width}.png`),
      fullPage: true,
    });
  }
}

test("the sign-in page fits a phone and a laptop", async ({ page }, info) => {
  await page.goto("/signin");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();

  await fitsAtEachWidth(page, info, "signin");
});

test.describe("as an approver", () => {
  test.use({ storageState: SIGNED_IN.approver });

  test("the approvals page fits a phone and a laptop", async ({
    page,
    request,
  }, info) => {
    const { question } = await spendRequest(request);
    await page.goto("/approvals");
    await expect(page.getByRole("article", { name: question })).toBeVisible();

    await fitsAtEachWidth(page, info, "approvals");
  });
});

test.describe("as an admin", () => {
  test.use({ storageState: SIGNED_IN.admin });

  test("calls, a call and admin fit a phone and a laptop", async ({
    page,
    request,
  }, info) => {
    const id = await openEntry(request, {
      question: uniqueQuestion("Which hotel is the best value?"),
      expect: [
        { key: "model_a", kind: "llm" },
        { key: "model_b", kind: "llm" },
        { key: "model_c", kind: "llm", timeout: "10m" },
      ],
      criterion: { atLeast: 2, of: { kind: "llm" } },
      deadline: "10m",
    });
    await postFragment(request, id, { key: "model_a", outcome: "ok" });
    await postFragment(request, id, { key: "model_b", outcome: "ok" });
    await postFragment(request, id, { key: "model_c", outcome: "ok" });

    await page.goto("/calls");
    await expect(page.getByRole("list", { name: "Calls" })).toBeVisible();
    await fitsAtEachWidth(page, info, "calls");

    await page.goto(`/calls/${id}`);
    await expect(
      page.getByRole("img", { name: "Timeline of the call" }),
    ).toBeVisible();
    await fitsAtEachWidth(page, info, "call");

    await page.goto("/admin");
    await expect(page.getByRole("row", { name: /ana@example/ })).toBeVisible();
    await fitsAtEachWidth(page, info, "admin");
  });
});

test.describe("as a user", () => {
  test.use({ storageState: SIGNED_IN.user });

  test("the chat, a call in it, and the inbox fit a phone and a laptop", async ({
    page,
  }, info) => {
    await page.goto("/chat");
    await expect(page.getByText("Ask about a trip.")).toBeVisible();
    await fitsAtEachWidth(page, info, "chat-empty");

    await page.setViewportSize({ width: 1280, height: 900 });
    const question = uniqueQuestion(QUESTION);
    await page.getByLabel("Your question").fill(question);
    await page.getByRole("button", { name: "Send" }).click();
    await expect(
      page.getByRole("region", { name: "Where this call stands" }),
    ).toBeVisible();
    await fitsAtEachWidth(page, info, "chat-call");

    await page.setViewportSize({ width: 375, height: 900 });
    const menu = page.getByRole("button", { name: /^Threads/ });
    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(
      page.getByRole("navigation", { name: "Threads" }).getByRole("link", {
        name: question,
      }),
    ).toBeVisible();
    await fitsAtEachWidth(page, info, "chat-menu");

    await page.goto("/inbox");
    await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
    await fitsAtEachWidth(page, info, "inbox");
  });
});
