import { expect, test } from "@playwright/test";
import { eq } from "drizzle-orm";

import { apiKeys, groupMembers } from "@/db/schema";
import { createMailer } from "@/server/delivery/mailer";

import { ACCOUNTS, SIGNED_IN, openServerDatabase, userId } from "./support";

test.use({ storageState: SIGNED_IN.admin });

const db = openServerDatabase();
test.afterAll(() => db.$client.close());

test("users are listed with their roles and groups", async ({ page }) => {
  await page.goto("/admin");

  const ana = page.getByRole("row", { name: /ana@example\.com/ });
  await expect(ana).toContainText("approver");
  await expect(ana).toContainText("managers");
});

test("an admin creates an API key, sees the secret once, and revokes it", async ({
  page,
  request,
}) => {
  const name = `reports ${Date.now().toString(36)}`;
  await page.goto("/admin");
  await page.getByLabel("Name of the new key").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();

  const secretBox = page.getByLabel("New API key secret");
  await expect(secretBox).toHaveText(/^dk_/);
  const secret = (await secretBox.textContent()) ?? "";
  const keys = page.getByRole("list", { name: "API keys" });
  await expect(
    keys.getByRole("listitem").filter({ hasText: name }),
  ).toContainText("active");
  const row = db.select().from(apiKeys).where(eq(apiKeys.name, name)).get();
  expect(row?.revokedAt).toBeNull();
  expect(row?.secretHash).not.toContain(secret);
  const auth = { Authorization: `Bearer ${secret}` };
  expect(
    (await request.get("/api/v1/entries/ent_none", { headers: auth })).status(),
  ).toBe(404);

  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await page.getByRole("button", { name: `Confirm revoking ${name}` }).click();

  await expect(
    keys.getByRole("listitem").filter({ hasText: name }),
  ).toContainText("revoked");
  const after = db.select().from(apiKeys).where(eq(apiKeys.name, name)).get();
  expect(after?.revokedAt).toEqual(expect.any(Number));
  expect(
    (await request.get("/api/v1/entries/ent_none", { headers: auth })).status(),
  ).toBe(401);

  await page.reload();
  await expect(page.getByLabel("New API key secret")).toHaveCount(0);
});

test("an admin reads the mail kept as files", async ({ page }) => {
  // The run sends mail by SMTP; a file as the mailer writes without one
  // stands for mail kept from before.
  const id = `dlv_e2e${Date.now().toString(36)}`;
  const mailer = createMailer({
    dataDir: process.env.DOCKET_E2E_DATA_DIR ?? "",
    from: "Docket <docket@localhost>",
  });
  await mailer.send({
    id,
    to: "uma@example.com",
    subject: `Kept answer ${id}`,
    text: "Yes — you can book it.\nApproved by Ana.",
    date: new Date(),
  });
  mailer.close();

  await page.goto("/admin");
  const mail = page.getByRole("list", { name: "Mail" });
  await mail
    .getByRole("button", { name: new RegExp(`Kept answer ${id}`) })
    .click();

  const message = page.getByRole("article", { name: `Kept answer ${id}` });
  await expect(message.getByText("uma@example.com")).toBeVisible();
  await expect(message.getByText(/Approved by Ana\./)).toBeVisible();
  await expect(
    page.getByText(/Mail leaves through the SMTP server set in SMTP_URL/),
  ).toBeVisible();
});

test("an admin puts an approver in a group and takes them out, by keyboard", async ({
  page,
}) => {
  const group = `audit-${Date.now().toString(36)}`;
  const anaId = userId(db, ACCOUNTS.approver);
  const membersOf = () =>
    db
      .select()
      .from(groupMembers)
      .where(eq(groupMembers.groupName, group))
      .all()
      .map((m) => m.userId);
  await page.goto("/admin");

  const form = page.getByRole("form", { name: "Add to a group" });
  await form.getByLabel("Approver").focus();
  await form.getByLabel("Approver").selectOption({ value: anaId });
  await page.keyboard.press("Tab");
  await expect(form.getByLabel("Group")).toBeFocused();
  await page.keyboard.type(group);
  await page.keyboard.press("Enter");

  const card = page.getByRole("listitem", { name: `Group ${group}` });
  await expect(card).toContainText("ana@example.com");
  await expect(
    page.getByRole("row", { name: /ana@example\.com/ }),
  ).toContainText(group);
  expect(membersOf()).toEqual([anaId]);

  const remove = card.getByRole("button", {
    name: `Remove ${ACCOUNTS.approver} from ${group}`,
  });
  await remove.focus();
  await page.keyboard.press("Enter");

  await expect(card).toHaveCount(0);
  await expect(
    page.getByRole("row", { name: /ana@example\.com/ }),
  ).not.toContainText(group);
  expect(membersOf()).toEqual([]);
});
