import { expect, test } from "@playwright/test";
import { and, asc, eq, sql } from "drizzle-orm";

import { chunks, expectations, fragments } from "@/db/schema";

import { QUESTION, askInChat } from "../story/support";
import { SIGNED_IN, openServerDatabase, uniqueQuestion } from "./support";

test.use({ storageState: SIGNED_IN.user });

const db = openServerDatabase();
test.afterAll(() => db.$client.close());

function stateOf(entryId: string, key: string) {
  return db
    .select({ state: expectations.state })
    .from(expectations)
    .where(and(eq(expectations.entryId, entryId), eq(expectations.key, key)))
    .get()?.state;
}

test("a reloaded chat shows the results, notes and reasoning so far", async ({
  page,
}) => {
  const { entryId } = await askInChat(page, db, uniqueQuestion(QUESTION));
  // The agent has reported and streamed all it will; the approval waits.
  await expect.poll(() => stateOf(entryId, "reasoning")).toBe("resolved");
  await expect.poll(() => stateOf(entryId, "approval")).toBe("waiting");

  await page.reload();

  const call = page.getByRole("region", { name: "Where this call stands" });
  await expect(call.getByText("Working on it")).toBeVisible();
  await expect(call.getByText("budget — in", { exact: true })).toBeVisible();
  await expect(call.getByText("policy — in", { exact: true })).toBeVisible();
  await expect(
    call.getByText("approval — waiting for group managers", { exact: true }),
  ).toBeVisible();

  const notes = db
    .select({ key: fragments.key, payload: fragments.payload })
    .from(fragments)
    .where(
      and(eq(fragments.entryId, entryId), eq(fragments.outcome, "progress")),
    )
    .orderBy(sql`rowid`)
    .all();
  expect(notes.length).toBeGreaterThan(0);
  const shown = call.getByRole("list", { name: "Progress notes" });
  await expect(shown.getByRole("listitem")).toHaveText(
    notes.map((n) => `${n.key} ${String(n.payload)}`),
  );

  const text = db
    .select({ delta: chunks.delta })
    .from(chunks)
    .where(eq(chunks.entryId, entryId))
    .orderBy(asc(chunks.seq))
    .all()
    .map((c) => c.delta)
    .join("");
  expect(text.length).toBeGreaterThan(0);
  await expect(call.getByRole("heading", { name: "Reasoning" })).toBeVisible();
  await expect(call.getByText(text.trim(), { exact: false })).toBeVisible();
});
