import { expect, test } from "@playwright/test";

import { ACCOUNTS, PASSWORD } from "./support";

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(ACCOUNTS.approver);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(
    page.getByText("That email and password do not match."),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByLabel("Password")).toHaveAttribute(
    "aria-invalid",
    "true",
  );
});

test("a signed-out visitor signs in, lands where they were going, and signs out", async ({
  page,
}) => {
  await page.goto("/calls?state=open");
  await expect(page).toHaveURL(/\/signin\?next=/);

  await page.getByLabel("Email").fill(ACCOUNTS.admin);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/calls\?state=open$/);
  await expect(page.getByRole("heading", { name: "Calls" })).toBeVisible();
  await expect(page.getByLabel("State")).toHaveValue("open");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/signin\?next=%2Fadmin$/);
});

test("the navigation follows the keyboard", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(ACCOUNTS.approver);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Password").press("Enter");
  await expect(page).toHaveURL(/\/approvals$/);

  await page.keyboard.press("Tab");
  await expect(
    page.getByRole("link", { name: "Skip to content" }),
  ).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  const approvals = page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "Approvals" });
  await expect(approvals).toBeFocused();
  await expect(approvals).toHaveAttribute("aria-current", "page");
});

test("a user signs in and lands in the chat", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(ACCOUNTS.user);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/chat$/);
  await expect(page.getByRole("heading", { name: "Chat" })).toBeVisible();
  await expect(
    page
      .getByRole("navigation", { name: "Console" })
      .getByRole("link", { name: "Chat" }),
  ).toHaveAttribute("aria-current", "page");
});
