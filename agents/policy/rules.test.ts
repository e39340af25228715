import { describe, expect, it } from "vitest";

import { judgeTrip } from "./judge-trip";
import { limitFor, type TripFacts } from "./rules";

const TODAY = "2026-04-01";

const trip = (facts: Partial<TripFacts>): TripFacts => ({
  from: "SFO",
  to: "JFK",
  date: "2026-05-03",
  priceUsd: 640,
  cabin: "economy",
  distanceKm: 4_152,
  ...facts,
});

describe("the fare limit", () => {
  it("is $150 plus $0.16 a km in economy, scaled for better cabins", () => {
    expect(limitFor("economy", 4_152)).toBe(814);
    expect(limitFor("premium", 6_000)).toBe(Math.round(1110 * 1.6));
    expect(limitFor("business", 10_000)).toBe(Math.round(1750 * 3.2));
    expect(limitFor("first", 10_000)).toBeNull();
  });
});

describe("judging a trip", () => {
  it("allows economy within the limit and lists every rule", () => {
    const verdict = judgeTrip(trip({}), TODAY);

    expect(verdict.allowed).toBe(true);
    expect(verdict.limitUsd).toBe(814);
    expect(verdict.checks.map((c) => c.rule)).toEqual([
      "route",
      "date",
      "cabin",
      "price",
    ]);
    expect(verdict.reasons).toContain("economy is allowed on any distance");
    expect(verdict.reasons.at(-1)).toMatch(/\$640 is within the \$814 limit/);
  });

  it("refuses a price over the limit, and says so", () => {
    const verdict = judgeTrip(trip({ priceUsd: 900 }), TODAY);

    expect(verdict.allowed).toBe(false);
    expect(verdict.reasons).toEqual([
      "$900 is over the $814 limit for economy over 4,152 km " +
        "($150 + $0.16/km)",
    ]);
  });

  it("keeps flights under 5,000 km in economy", () => {
    const verdict = judgeTrip(trip({ cabin: "premium" }), TODAY);

    expect(verdict.allowed).toBe(false);
    expect(verdict.reasons[0]).toMatch(/under 5,000 km .* only economy/);
  });

  it("allows premium economy from 5,000 km", () => {
    const verdict = judgeTrip(
      trip({ cabin: "premium", distanceKm: 5_540, priceUsd: 1_500 }),
      TODAY,
    );

    expect(verdict.allowed).toBe(true);
    expect(verdict.limitUsd).toBe(Math.round((150 + 0.16 * 5_540) * 1.6));
  });

  it("allows business only over 9,000 km", () => {
    const short = judgeTrip(
      trip({ cabin: "business", distanceKm: 8_228, priceUsd: 2_000 }),
      TODAY,
    );
    const long = judgeTrip(
      trip({ cabin: "business", distanceKm: 12_061, priceUsd: 4_000 }),
      TODAY,
    );

    expect(short.allowed).toBe(false);
    expect(short.reasons[0]).toMatch(/business is allowed only over 9,000/);
    expect(long.allowed).toBe(true);
  });

  it("never allows first class, whatever the price", () => {
    const verdict = judgeTrip(
      trip({ cabin: "first", distanceKm: 15_000, priceUsd: 1 }),
      TODAY,
    );

    expect(verdict.allowed).toBe(false);
    expect(verdict.limitUsd).toBeNull();
    expect(verdict.reasons).toEqual(["first class is never allowed"]);
  });

  it("refuses a trip in the past but not one leaving today", () => {
    const past = judgeTrip(trip({ date: "2026-03-31" }), TODAY);
    const today = judgeTrip(trip({ date: TODAY }), TODAY);

    expect(past.allowed).toBe(false);
    expect(past.reasons).toEqual([
      "the trip on 2026-03-31 is in the past (today is 2026-04-01)",
    ]);
    expect(today.allowed).toBe(true);
  });

  it("refuses a trip that starts and ends at the same airport", () => {
    const verdict = judgeTrip(
      trip({ to: "SFO", distanceKm: 0, priceUsd: 100 }),
      TODAY,
    );

    expect(verdict.allowed).toBe(false);
    expect(verdict.reasons).toEqual([
      "the trip starts and ends at SFO: there is nothing to fly",
    ]);
  });

  it("names every rule that refused", () => {
    const verdict = judgeTrip(
      trip({ date: "2025-01-01", cabin: "business", priceUsd: 5_000 }),
      TODAY,
    );

    expect(verdict.checks.filter((c) => !c.passed).map((c) => c.rule)).toEqual([
      "date",
      "cabin",
      "price",
    ]);
    expect(verdict.reasons).toHaveLength(3);
  });
});
