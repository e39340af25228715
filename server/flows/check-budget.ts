import { and, eq, gte, lt, sql } from "drizzle-orm";

import type { Db } from "@/db/client";
import { budgets, spendRecords, teamMembers, teams } from "@/db/schema";

export interface BudgetCheck {
  team: string;
  year: number;
  budgetUsd: number;
  spentUsd: number;
  leftUsd: number;
  requestedUsd: number;
  enough: boolean;
}

/**
 * The budget tool: the requester's team, its travel budget for the year of
 * the trip and what it has spent that year. Null when the person has no
 * team or the team no budget for that year.
 */
export function checkBudget(
  db: Db,
  input: { userEmail: string; amountUsd: number; date: string },
): BudgetCheck | null {
  const year = Number(input.date.slice(0, 4));
  const team = db
    .select({ id: teams.id, name: teams.name })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(eq(teamMembers.userEmail, input.userEmail.toLowerCase()))
    .get();
  if (!team) {
    return null;
  }
  const budget = db
    .select({ amountUsd: budgets.amountUsd })
    .from(budgets)
    .where(
      and(
        eq(budgets.teamId, team.id),
        eq(budgets.year, year),
        eq(budgets.category, "travel"),
      ),
    )
    .get();
  if (!budget) {
    return null;
  }
  const spent = db
    .select({ total: sql<number>`coalesce(sum(${spendRecords.amountUsd}), 0)` })
    .from(spendRecords)
    .where(
      and(
        eq(spendRecords.teamId, team.id),
        eq(spendRecords.category, "travel"),
        gte(spendRecords.spentAt, Date.UTC(year, 0, 1)),
        lt(spendRecords.spentAt, Date.UTC(year + 1, 0, 1)),
      ),
    )
    .get();
  const spentUsd = spent?.total ?? 0;
  const leftUsd = budget.amountUsd - spentUsd;

  return {
    team: team.name,
    year,
    budgetUsd: budget.amountUsd,
    spentUsd,
    leftUsd,
    requestedUsd: input.amountUsd,
    enough: leftUsd >= input.amountUsd,
  };
}
