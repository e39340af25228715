import {
  BASE_LIMIT_USD,
  BUSINESS_ABOVE_KM,
  CABIN_NAMES,
  ECONOMY_ONLY_BELOW_KM,
  ECONOMY_USD_PER_KM,
  km,
  limitFor,
  usd,
  type Check,
  type TripFacts,
  type Verdict,
} from "./rules";

/**
 * Applies every rule to the trip. `today` is YYYY-MM-DD: ISO dates compare
 * as strings, and a trip that leaves today is not in the past.
 */
export function judgeTrip(trip: TripFacts, today: string): Verdict {
  const limitUsd = limitFor(trip.cabin, trip.distanceKm);
  const checks = [
    routeCheck(trip),
    dateCheck(trip, today),
    cabinCheck(trip),
    priceCheck(trip, limitUsd),
  ].filter((check): check is Check => check !== null);
  const refusals = checks.filter((check) => !check.passed);
  const allowed = refusals.length === 0;

  return {
    allowed,
    limitUsd,
    checks,
    reasons: (allowed ? checks : refusals).map((check) => check.reason),
  };
}

function routeCheck({ from, to }: TripFacts): Check {
  const same = from.toUpperCase() === to.toUpperCase();

  return {
    rule: "route",
    passed: !same,
    reason: same
      ? `the trip starts and ends at ${from}: there is nothing to fly`
      : `${from} and ${to} are different airports`,
  };
}

function dateCheck({ date }: TripFacts, today: string): Check {
  const past = date < today;

  return {
    rule: "date",
    passed: !past,
    reason: past
      ? `the trip on ${date} is in the past (today is ${today})`
      : `the trip on ${date} is not in the past`,
  };
}

function cabinCheck({ cabin, distanceKm }: TripFacts): Check {
  const name = CABIN_NAMES[cabin];
  const trip = `this trip is ${km(distanceKm)}`;
  const refuse = (reason: string): Check => ({
    rule: "cabin",
    passed: false,
    reason,
  });
  const pass = (reason: string): Check => ({
    rule: "cabin",
    passed: true,
    reason,
  });

  switch (cabin) {
    case "first":
      return refuse("first class is never allowed");
    case "business":
      return distanceKm > BUSINESS_ABOVE_KM
        ? pass(`business is allowed over ${km(BUSINESS_ABOVE_KM)}; ${trip}`)
        : refuse(
            `business is allowed only over ${km(BUSINESS_ABOVE_KM)}; ${trip}`,
          );
    case "premium":
      return distanceKm >= ECONOMY_ONLY_BELOW_KM
        ? pass(`${name} is allowed from ${km(ECONOMY_ONLY_BELOW_KM)}; ${trip}`)
        : refuse(
            `under ${km(ECONOMY_ONLY_BELOW_KM)} (about six hours) only ` +
              `economy is allowed; ${trip}`,
          );
    case "economy":
      return pass("economy is allowed on any distance");
  }
}

/** No price rule for a cabin that is never allowed: the cabin decides. */
function priceCheck(trip: TripFacts, limitUsd: number | null): Check | null {
  if (limitUsd === null) {
    return null;
  }
  const basis =
    `the ${usd(limitUsd)} limit for ${CABIN_NAMES[trip.cabin]} over ` +
    `${km(trip.distanceKm)} (${usd(BASE_LIMIT_USD)} + ` +
    `$${ECONOMY_USD_PER_KM.toFixed(2)}/km` +
    (trip.cabin === "economy" ? ")" : `, scaled for the cabin)`);
  const within = trip.priceUsd <= limitUsd;

  return {
    rule: "price",
    passed: within,
    reason: within
      ? `${usd(trip.priceUsd)} is within ${basis}`
      : `${usd(trip.priceUsd)} is over ${basis}`,
  };
}
