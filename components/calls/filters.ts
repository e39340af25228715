import type { RouterInputs } from "@/components/trpc-types";

export type EntryListInput = RouterInputs["entry"]["list"];

export const STATES = ["open", "closed"] as const;
export const REASONS = [
  "criterion_met",
  "definitive",
  "vetoed",
  "deadline",
  "unsatisfiable",
  "cancelled",
] as const;
export const KINDS = [
  "tool",
  "llm",
  "agent",
  "human",
  "timer",
  "batch",
  "entry",
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const AGES = {
  "1h": { label: "Opened in the last hour", newerThanMs: HOUR },
  "24h": { label: "Opened in the last day", newerThanMs: DAY },
  "7d": { label: "Opened in the last 7 days", newerThanMs: 7 * DAY },
  gt1h: { label: "Older than an hour", olderThanMs: HOUR },
  gt24h: { label: "Older than a day", olderThanMs: DAY },
  gt7d: { label: "Older than 7 days", olderThanMs: 7 * DAY },
} as const;

export type Age = keyof typeof AGES;

/** The filters as the form and the URL carry them. */
export interface CallFilters {
  state: string;
  reason: string;
  kind: string;
  age: string;
  id: string;
}

type Params = Record<string, string | string[] | undefined>;

export function filtersFrom(params: Params): CallFilters {
  const one = (name: string) => {
    const value = params[name];

    return (typeof value === "string" ? value : "").trim().slice(0, 64);
  };

  return {
    state: pick(one("state"), STATES),
    reason: pick(one("reason"), REASONS),
    kind: one("kind"),
    age: pick(one("age"), Object.keys(AGES)),
    id: one("id"),
  };
}

function pick(value: string, allowed: readonly string[]): string {
  return allowed.includes(value) ? value : "";
}

/** The procedure's input for these filters; the cursor is added per page. */
export function listInput(filters: CallFilters, limit: number) {
  const age = AGES[filters.age as Age] as
    { newerThanMs?: number; olderThanMs?: number } | undefined;

  return {
    limit,
    state: (filters.state || undefined) as EntryListInput["state"],
    reason: (filters.reason || undefined) as EntryListInput["reason"],
    kind: filters.kind || undefined,
    id: filters.id || undefined,
    newerThanMs: age?.newerThanMs,
    olderThanMs: age?.olderThanMs,
  };
}
