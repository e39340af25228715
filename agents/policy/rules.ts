/**
 * The travel policy. The rules alone decide a verdict; a model, when one
 * is configured, only puts the decision into words.
 */

export const CABINS = ["economy", "premium", "business", "first"] as const;
export type Cabin = (typeof CABINS)[number];

/** Below this, economy only: about six hours in the air at 830 km/h. */
export const ECONOMY_ONLY_BELOW_KM = 5_000;

/** Business only above this: about eleven hours, a night's sleep. */
export const BUSINESS_ABOVE_KM = 9_000;

/** The fixed part of every fare limit: taxes and airport fees. */
export const BASE_LIMIT_USD = 150;

/** What an economy fare may cost per km flown, on top of the base. */
export const ECONOMY_USD_PER_KM = 0.16;

/** Each allowed cabin's limit as a multiple of the economy limit. */
export const CABIN_PRICE_FACTOR = {
  economy: 1,
  premium: 1.6,
  business: 3.2,
} as const;

export const CABIN_NAMES: Record<Cabin, string> = {
  economy: "economy",
  premium: "premium economy",
  business: "business",
  first: "first class",
};

export type RuleName = "route" | "date" | "cabin" | "price";

/** One rule applied to the trip, and why it passed or refused. */
export interface Check {
  rule: RuleName;
  passed: boolean;
  reason: string;
}

export interface TripFacts {
  from: string;
  to: string;
  /** The day of departure, YYYY-MM-DD. */
  date: string;
  priceUsd: number;
  cabin: Cabin;
  distanceKm: number;
}

export interface Verdict {
  allowed: boolean;
  /** The cabin's fare limit; null for a cabin that is never allowed. */
  limitUsd: number | null;
  checks: Check[];
  /** The reasons that decided: the refusals, or every rule if allowed. */
  reasons: string[];
}

const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export const km = (value: number) => `${whole.format(value)} km`;
export const usd = (value: number) => `$${money.format(value)}`;

/** The fare limit of a cabin over a distance, in whole dollars. */
export function limitFor(cabin: Cabin, distance: number): number | null {
  if (cabin === "first") {
    return null;
  }
  const economy = BASE_LIMIT_USD + ECONOMY_USD_PER_KM * distance;

  return Math.round(economy * CABIN_PRICE_FACTOR[cabin]);
}
