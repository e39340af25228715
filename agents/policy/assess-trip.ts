import { findAirport, type Airport } from "./airports";
import { distanceKm } from "./distance";
import { PolicyError } from "./errors";
import { judgeTrip } from "./judge-trip";
import { CABIN_NAMES, km, usd, type TripFacts, type Verdict } from "./rules";
import type { Trip } from "./work";

/** A trip with its airports found, its distance, and the verdict. */
export interface Assessment {
  from: Airport;
  to: Airport;
  facts: TripFacts;
  verdict: Verdict;
}

export interface Steps {
  /** Tells Docket what the agent is doing now. */
  note: (text: string) => Promise<void>;
  /** Waits this share of the agent's working time. */
  pause: (share: number) => Promise<void>;
  today: string;
}

function lookUp(code: string): Airport {
  const airport = findAirport(code);
  if (!airport) {
    throw new PolicyError(
      "unknown_airport",
      `no airport has the IATA code ${code}`,
    );
  }

  return airport;
}

/** Judges the trip step by step, with a progress note for each step. */
export async function assessTrip(trip: Trip, steps: Steps) {
  await steps.note(`looking up ${trip.from} and ${trip.to}`);
  await steps.pause(0.25);
  const from = lookUp(trip.from);
  const to = lookUp(trip.to);
  const distance = distanceKm(from, to);
  await steps.note(
    `${from.name} (${from.city}) to ${to.name} (${to.city}): ` +
      `distance ${km(distance)}`,
  );
  await steps.pause(0.25);

  const facts: TripFacts = { ...trip, distanceKm: distance };
  const verdict = judgeTrip(facts, steps.today);
  await steps.note(`checking the cabin rule: ${CABIN_NAMES[trip.cabin]}`);
  await steps.pause(0.2);
  await steps.note(
    verdict.limitUsd === null
      ? "no price limit applies: the cabin decides"
      : `checking the price limit: ${usd(trip.priceUsd)} against ` +
          usd(verdict.limitUsd),
  );
  await steps.pause(0.15);
  await steps.note(
    verdict.allowed
      ? "verdict: allowed"
      : `verdict: refused, ${verdict.reasons.join("; ")}`,
  );

  return { from, to, facts, verdict } satisfies Assessment;
}
