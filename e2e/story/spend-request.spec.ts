import { expect, test } from "@playwright/test";

import { ACCOUNTS, entryRow, openServerDatabase } from "../console/support";
import {
  QUESTION,
  askInChat,
  deliveredRows,
  screenshotPath,
  signedIn,
} from "./support";

const db = openServerDatabase();
test.afterAll(() => db.$client.close());

// The agent thinks for a few seconds before the approval can start.
test.setTimeout(60_000);

const ANSWER = /Yes — you can book SFO → JFK on (\d{4}-05-03) for \$640\./;

test("Uma asks in the chat, watches it work, and gets her answer there once Ana approves", async ({
  browser,
  baseURL,
}, info) => {
  const uma = await signedIn(browser, baseURL, "user");
  const ana = await signedIn(browser, baseURL, "approver");

  const { thread, entryId } = await askInChat(uma, db, QUESTION);
  await expect(
    uma.getByRole("article", { name: "You asked" }).getByText(QUESTION),
  ).toBeVisible();
  const call = uma.getByRole("region", { name: "Where this call stands" });
  await expect(call.getByText("Working on it")).toBeVisible();

  // The travel-policy agent's notes arrive while it works.
  await expect(
    call.getByRole("list", { name: "Progress notes" }).getByRole("listitem"),
  ).not.toHaveCount(0);
  await expect(call.getByText("looking up SFO and JFK")).toBeVisible();
  // Budget and policy in: the approval now waits on the managers alone.
  await expect(call.getByText("budget — in", { exact: true })).toBeVisible();
  await expect(call.getByText("policy — in", { exact: true })).toBeVisible();
  await expect(
    call.getByText("approval — waiting for group managers", { exact: true }),
  ).toBeVisible();
  await expect(call.getByText(/Reasoning/)).toBeVisible();
  await uma.screenshot({
    path: info.outputPath("chat-working.png"),
    fullPage: true,
  });

  await ana.goto("/approvals");
  const card = ana.getByRole("article").filter({ hasText: entryId });
  await expect(card.getByText("waiting for a decision")).toBeVisible();
  await expect(card.getByText(/Approve Uma's trip SFO → JFK/)).toBeVisible();
  await ana.screenshot({ path: screenshotPath(info, "approvals") });
  await card.getByLabel("Comment (optional)").fill("Have a good trip");
  await card.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(card.getByText("approved — the call completed")).toBeVisible();

  const answer = uma.getByRole("article", { name: "Docket answered" });
  await expect(answer).toContainText(ANSWER);
  await expect(answer).toContainText('Approved by Ana ("Have a good trip").');
  await expect(call).toHaveCount(0);
  // "3 May" is the next one: today or later, never a past date.
  const date = ANSWER.exec((await answer.textContent()) ?? "")?.[1] ?? "";
  expect(date >= new Date().toISOString().slice(0, 10)).toBe(true);
  const headline = `Yes — you can book SFO → JFK on ${date} for $640.`;
  await uma.screenshot({ path: screenshotPath(info, "chat"), fullPage: true });

  const row = entryRow(db, entryId);
  expect(row.entry?.state).toBe("closed");
  expect(row.closure?.reason).toBe("criterion_met");
  const decision = row.deciding;
  expect(decision).toMatchObject({
    key: "approval",
    outcome: "ok",
    source: `user:${ACCOUNTS.approver}`,
  });
  expect(decision?.payload).toMatchObject({
    decision: "approve",
    comment: "Have a good trip",
    by: { name: "Ana" },
  });
  const delivered = deliveredRows(db, entryId);
  expect(delivered.chat).toHaveLength(1);
  expect(delivered.chat[0]?.body.startsWith(headline)).toBe(true);
  expect(delivered.inbox).toEqual([]);
  expect(delivered.answers.map((d) => [d.channel, d.status])).toEqual([
    ["chat", "delivered"],
  ]);

  // The answer stays in the thread, and the thread in the list.
  await uma.reload();
  await expect(
    uma.getByRole("article", { name: "Docket answered" }),
  ).toContainText(ANSWER);
  const link = uma
    .getByRole("navigation", { name: "Threads" })
    .getByRole("link", { name: ANSWER })
    .and(uma.locator(`[href="/chat?thread=${thread}"]`));
  await expect(link).toHaveAttribute("aria-current", "page");

  await uma.context().close();
  await ana.context().close();
});

test("an admin reads on the call's page why it closed when it did", async ({
  browser,
  baseURL,
}, info) => {
  const uma = await signedIn(browser, baseURL, "user");
  const ana = await signedIn(browser, baseURL, "approver");
  const ada = await signedIn(browser, baseURL, "admin");
  const { entryId } = await askInChat(uma, db, QUESTION);
  await ana.goto("/approvals");
  const card = ana.getByRole("article").filter({ hasText: entryId });
  await card.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(card.getByText("approved — the call completed")).toBeVisible();

  await ada.goto(`/calls/${entryId}`);
  await expect(
    ada.getByText(/^Closed because budget, policy and approval/),
  ).toBeVisible();
  await expect(
    ada.getByRole("img", { name: "Timeline of the call" }),
  ).toBeVisible();
  await ada.screenshot({ path: screenshotPath(info, "call") });

  for (const page of [uma, ana, ada]) {
    await page.context().close();
  }
});
