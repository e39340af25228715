import { expect, test as setup } from "@playwright/test";

import { ACCOUNTS, PASSWORD, SIGNED_IN } from "./support";

for (const role of ["user", "approver", "admin"] as const) {
  setup(`sign in as the ${role}`, async ({ page }) => {
    await page.goto("/signin");
    await page.getByLabel("Email").fill(ACCOUNTS[role]);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();

    await expect(page).not.toHaveURL(/\/signin/);
    await page.context().storageState({ path: SIGNED_IN[role] });
  });
}
