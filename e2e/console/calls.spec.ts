import { expect, test } from "@playwright/test";

import {
  SIGNED_IN,
  entryRow,
  openEntry,
  openServerDatabase,
  postFragment,
  uniqueQuestion,
} from "./support";

test.use({ storageState: SIGNED_IN.admin });

const db = openServerDatabase();
test.afterAll(() => db.$client.close());

const twoResults = {
  expect: [
    { key: "budget", kind: "tool" },
    { key: "policy", kind: "agent" },
  ],
  criterion: { all: ["budget", "policy"] },
  deadline: "45m",
};

/** The closure in words, for the call that closed on the policy result. */
const CLOSED_SENTENCE = new RegExp(
  "^Closed because budget and policy were all ok; the policy result " +
    "from policy-agent at \\d\\d:\\d\\d decided it\\.$",
);

test("an admin filters the calls and opens one to see why it closed", async ({
  page,
  request,
}) => {
  const closedQuestion = uniqueQuestion("Is the hotel within policy?");
  const openQuestion = uniqueQuestion("Is the flight within policy?");
  const closedId = await openEntry(request, {
    ...twoResults,
    question: closedQuestion,
  });
  const openId = await openEntry(request, {
    ...twoResults,
    question: openQuestion,
  });
  await postFragment(request, closedId, { key: "budget", outcome: "ok" });
  await postFragment(request, closedId, {
    key: "policy",
    outcome: "ok",
    source: "policy-agent",
  });
  await postFragment(request, closedId, { key: "policy", outcome: "ok" });

  await page.goto("/calls");
  await page.getByLabel("State").selectOption("closed");
  await page.getByLabel("Closed because").selectOption("criterion_met");
  await page.getByLabel("Participant kind").fill("agent");
  await page.getByRole("button", { name: "Filter" }).click();

  await expect(page).toHaveURL(/state=closed&reason=criterion_met&kind=agent/);
  const calls = page.getByRole("list", { name: "Calls" });
  await expect(calls.getByRole("link", { name: closedQuestion })).toBeVisible();
  await expect(calls.getByRole("link", { name: openQuestion })).toHaveCount(0);

  await page.goto(`/calls?id=${openId.slice(-10)}`);
  await expect(
    page.getByRole("list", { name: "Calls" }).getByRole("link"),
  ).toHaveText([openQuestion]);

  await page.goto(`/calls?id=${closedId}`);
  await page.getByRole("link", { name: closedQuestion }).click();
  await expect(page).toHaveURL(new RegExp(`/calls/${closedId}$`));
  await expect(page.getByText(CLOSED_SENTENCE)).toBeVisible();
  const chart = page.getByRole("img", { name: "Timeline of the call" });
  await expect(chart).toBeVisible();
  await expect(chart.locator("text", { hasText: "late" })).toHaveCount(1);
  await expect(page.getByRole("list", { name: "Events" })).toContainText(
    "entry.closed",
  );

  const row = entryRow(db, closedId);
  const deciding = row.deciding;
  expect(row.closure?.reason).toBe("criterion_met");
  expect(deciding).toMatchObject({ key: "policy", source: "policy-agent" });
  expect(row.fragments.map((f) => f.disposition)).toContain("late");
});

test("an open call says what it still waits for", async ({ page, request }) => {
  const question = uniqueQuestion("Can I upgrade to business?");
  const id = await openEntry(request, {
    question,
    expect: [
      { key: "budget", kind: "tool" },
      { key: "policy", kind: "agent", timeout: "30m" },
      { key: "approval", kind: "human", after: ["budget", "policy"] },
    ],
    deadline: "1h",
  });
  await postFragment(request, id, { key: "budget", outcome: "ok" });

  await page.goto(`/calls/${id}`);

  const why = page.getByRole("region", { name: "Why it is still open" });
  await expect(why).toContainText("all of budget, policy, approval");
  await expect(why).toContainText(/policy\s*waiting\s*agent · times out/);
  await expect(why).toContainText("blocked until policy arrives");
  await expect(why).toContainText(/Deadline \d\d:\d\d: \d+m \d+s left/);
  expect(entryRow(db, id).entry?.state).toBe("open");
});

test("the list pages with load more", async ({ page, request }) => {
  const kind = `pager${Date.now().toString(36)}`;
  const ids: string[] = [];
  for (let i = 0; i < 27; i++) {
    ids.push(
      await openEntry(request, {
        question: uniqueQuestion(`Paged call ${i}`),
        expect: [{ key: "x", kind }],
      }),
    );
  }

  await page.goto(`/calls?kind=${kind}`);
  const links = page.getByRole("list", { name: "Calls" }).getByRole("link");
  await expect(links).toHaveCount(25);
  await expect(links.first()).toContainText("Paged call 26");
  await page.getByRole("button", { name: "Load more" }).click();

  await expect(links).toHaveCount(27);
  await expect(links.last()).toContainText("Paged call 0");
  await expect(page.getByText("27 calls shown, that is all.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);
});
