import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { openDatabase, type Db } from "@/db/client";
import { seedCompany } from "@/server/seed/company";

import { checkBudget } from "./check-budget";

const now = Date.parse("2026-12-04T10:00:00Z");
let folder: string;
let db: Db;

function companyDb(): Db {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), "docket-budget-"));
  db = openDatabase(path.join(folder, "db.sqlite"));
  seedCompany(db, now);

  return db;
}

afterEach(() => {
  db.$client.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe("the budget tool", () => {
  it("subtracts this year's spend from the team's travel budget", () => {
    const check = checkBudget(companyDb(), {
      userEmail: "uma@example.com",
      amountUsd: 640,
      date: "2026-12-20",
    });

    expect(check).toEqual({
      team: "Sales",
      year: 2026,
      budgetUsd: 12_000,
      spentUsd: 6_414,
      leftUsd: 5_586,
      requestedUsd: 640,
      enough: true,
    });
  });

  it("starts a new year's budget afresh", () => {
    const check = checkBudget(companyDb(), {
      userEmail: "uma@example.com",
      amountUsd: 13_000,
      date: "2027-05-03",
    });

    expect(check).toMatchObject({ spentUsd: 0, enough: false });
  });

  it("knows nothing of people outside the company", () => {
    const check = checkBudget(companyDb(), {
      userEmail: "someone@elsewhere.test",
      amountUsd: 10,
      date: "2026-12-20",
    });

    expect(check).toBeNull();
  });

  it("seeds the company once", () => {
    const first = companyDb();

    expect(seedCompany(first, now)).toBe(false);
  });
});
