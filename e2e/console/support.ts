import fs from "node:fs";
import path from "node:path";

import type { APIRequestContext, Browser, Page } from "@playwright/test";
import bcrypt from "bcryptjs";
import { expect } from "@playwright/test";
import { eq } from "drizzle-orm";

import { openDatabase, type Db } from "@/db/client";
import { closures, entries, fragments, users } from "@/db/schema";
import { createUser, type Role } from "@/server/auth/users";

/** Where the sign-in setup keeps each role's cookies for the specs. */
export const SIGNED_IN = {
  user: "test-results/signed-in/uma.json",
  approver: "test-results/signed-in/ana.json",
  admin: "test-results/signed-in/ada.json",
} as const;

export const ACCOUNTS = {
  user: "uma@example.com",
  approver: "ana@example.com",
  admin: "ada@example.com",
} as const;

export const PASSWORD = "docket-demo";

function dataDir(): string {
  const dir = process.env.DOCKET_E2E_DATA_DIR;
  if (!dir) {
    throw new Error("DOCKET_E2E_DATA_DIR is set by playwright.config.ts");
  }

  return dir;
}

/** The server's own SQLite file, to check what the screen claims. */
export function openServerDatabase(): Db {
  return openDatabase(path.join(dataDir(), "docket.sqlite"));
}

/** The secret the server generated in its data folder on first start. */
export function serverSecret(): string {
  return fs.readFileSync(path.join(dataDir(), "auth-secret"), "utf8").trim();
}

/** An entry's rows as stored, and the fragment its closure names. */
export function entryRow(db: Db, id: string) {
  const closure = db
    .select()
    .from(closures)
    .where(eq(closures.entryId, id))
    .get();
  const all = db.select().from(fragments).where(eq(fragments.entryId, id));

  return {
    entry: db.select().from(entries).where(eq(entries.id, id)).get(),
    closure,
    fragments: all.all(),
    deciding: all.all().find((f) => f.id === closure?.decidingFragmentId),
  };
}

export function userId(db: Db, email: string): string {
  const row = db.select().from(users).where(eq(users.email, email)).get();
  if (!row) {
    throw new Error(`no user ${email}`);
  }

  return row.id;
}

let counter = 0;

/** A question no other test asks, so the screen can be searched by it. */
export function uniqueQuestion(text: string): string {
  counter += 1;

  return `${text} (#${Date.now().toString(36)}${counter})`;
}

const headers = () => ({
  Authorization: `Bearer ${process.env.DOCKET_E2E_API_KEY ?? ""}`,
});

/** Opens an entry through the participant API with the bootstrap key. */
export async function openEntry(
  request: APIRequestContext,
  spec: Record<string, unknown>,
): Promise<string> {
  const response = await request.post("/api/v1/entries", {
    headers: headers(),
    data: { requester: ACCOUNTS.user, channel: { kind: "inbox" }, ...spec },
  });
  expect(response.status()).toBe(201);
  const body = (await response.json()) as { id: string };

  return body.id;
}

export async function postFragment(
  request: APIRequestContext,
  entryId: string,
  fragment: Record<string, unknown>,
) {
  const response = await request.post(`/api/v1/entries/${entryId}/fragments`, {
    headers: headers(),
    data: fragment,
  });
  expect(response.status()).toBe(200);

  return response.json() as Promise<{ disposition: string }>;
}

/** A spend request whose approval waits for Ana's group once in. */
export async function spendRequest(request: APIRequestContext) {
  const question = uniqueQuestion("Can I book SFO to JFK for $640?");
  const id = await openEntry(request, {
    question,
    expect: [
      { key: "budget", kind: "tool" },
      {
        key: "approval",
        kind: "human",
        assignee: "group:managers",
        after: ["budget"],
        prompt: "Approve this spend?",
      },
    ],
    criterion: { all: ["budget", "approval"] },
    veto: ["approval"],
    deadline: "45m",
  });
  await postFragment(request, id, {
    key: "budget",
    outcome: "ok",
    payload: { left: 900 },
    source: "billing",
  });

  return { id, question };
}

/**
 * A person of this run beyond the demo accounts, written straight into the
 * server's database with the demo password, so a spec can sign them in.
 */
export function addPerson(
  db: Db,
  name: string,
  role: Role,
  groups: string[] = [],
) {
  const tag = `${Date.now().toString(36)}${(counter += 1)}`;

  return createUser(db, {
    id: `usr_e2e_${tag}`,
    email: `${name.toLowerCase()}-${tag}@example.com`,
    name,
    role,
    passwordHash: bcrypt.hashSync(PASSWORD, 8),
    groups,
  });
}

/** A page of a new browser context, signed in through the sign-in form. */
export async function signedInPage(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/signin/);

  return page;
}

/**
 * Counts a page's reads of one tRPC query, batched with others or not,
 * from now on.
 */
export function readsOf(page: Page, procedure: string): () => number {
  let count = 0;
  page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    if (!pathname.startsWith("/api/trpc/")) {
      return;
    }
    const names = pathname.slice("/api/trpc/".length).split(",");
    if (names.includes(procedure)) {
      count += 1;
    }
  });

  return () => count;
}

/**
 * How many reads `reads` counts while a minute passes on the page's clock
 * (installed before the page loaded): none on a page that waits for its
 * live stream instead of reading on a timer. Timers already due run first,
 * uncounted, so a read that was on its way is not taken for polling.
 */
export async function readsInAMinute(page: Page, reads: () => number) {
  await page.clock.runFor(100);
  const before = reads();
  await page.clock.runFor(60_000);

  return reads() - before;
}
