import { expect, test } from "@playwright/test";

test("the landing page names the product and says what it does", async ({
  page,
}) => {
  await page.goto("/");

  await expect(
    page.getByRole("heading", { level: 1, name: "Docket" }),
  ).toBeVisible();
  await expect(page.getByText(/pending calls/)).toBeVisible();
  await expect(page.getByRole("link", { name: /Health/ })).toHaveAttribute(
    "href",
    "/api/health",
  );
});

test("the health link leads to a ready service", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: /Health/ }).click();

  await expect(page).toHaveURL(/\/api\/health$/);
  await expect(page.locator("body")).toContainText('"ok":true');

  const response = await page.request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ ok: true });
});
