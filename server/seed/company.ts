import { sql } from "drizzle-orm";

import type { Db } from "@/db/client";
import { budgets, spendRecords, teamMembers, teams } from "@/db/schema";

const TEAMS = [
  { id: "team_sales", name: "Sales", members: ["uma@example.com"] },
  {
    id: "team_engineering",
    name: "Engineering",
    members: ["ana@example.com", "ada@example.com"],
  },
];

/** Travel budgets in USD by team, for this year and the next. */
const TRAVEL_BUDGET = { team_sales: 12_000, team_engineering: 20_000 };

/** This year's travel so far: [team, who, what, USD, days ago]. */
const SPEND: [string, string, string, number, number][] = [
  ["team_sales", "uma@example.com", "SFO–ORD customer visit", 612, 190],
  ["team_sales", "uma@example.com", "Hotel, Chicago, 3 nights", 741, 188],
  ["team_sales", "uma@example.com", "SFO–SEA trade show", 388, 150],
  ["team_sales", "uma@example.com", "SFO–LHR partner summit", 2_480, 120],
  ["team_sales", "uma@example.com", "Hotel, London, 4 nights", 1_396, 118],
  ["team_sales", "uma@example.com", "SFO–AUS regional kickoff", 455, 75],
  ["team_sales", "uma@example.com", "SFO–DEN customer visit", 342, 30],
  ["team_engineering", "ana@example.com", "SFO–BER conference", 1_930, 160],
  ["team_engineering", "ada@example.com", "SFO–NRT vendor audit", 2_210, 60],
];

/**
 * The demo company the budget tool reads: two teams, their travel
 * budgets and this year's spend. Does nothing when teams exist already.
 */
export function seedCompany(db: Db, now = Date.now()): boolean {
  const existing = db
    .select({ n: sql<number>`count(*)` })
    .from(teams)
    .get();
  if ((existing?.n ?? 0) > 0) {
    return false;
  }
  const year = new Date(now).getUTCFullYear();
  db.transaction((tx) => {
    for (const team of TEAMS) {
      tx.insert(teams).values({ id: team.id, name: team.name }).run();
      for (const userEmail of team.members) {
        tx.insert(teamMembers).values({ teamId: team.id, userEmail }).run();
      }
      const amountUsd = TRAVEL_BUDGET[team.id as keyof typeof TRAVEL_BUDGET];
      for (const y of [year, year + 1]) {
        tx.insert(budgets)
          .values({ teamId: team.id, year: y, category: "travel", amountUsd })
          .run();
      }
    }
    SPEND.forEach(([teamId, userEmail, description, amountUsd, daysAgo], i) => {
      const spentAt = Math.max(
        Date.UTC(year, 0, 1) + i,
        now - daysAgo * 86_400_000,
      );
      tx.insert(spendRecords)
        .values({
          id: `spend_${i + 1}`,
          teamId,
          userEmail,
          category: "travel",
          description,
          amountUsd,
          spentAt,
        })
        .run();
    });
  });

  return true;
}
