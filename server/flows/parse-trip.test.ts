import { describe, expect, it } from "vitest";

import { parseTrip } from "./parse-trip";

const today = new Date("2026-12-04T10:00:00Z");

describe("reading a trip from a question", () => {
  it("reads route, next such date and price", () => {
    expect(parseTrip("Can I fly SFO to JFK on 3 May for $640?", today)).toEqual(
      {
        ok: true,
        trip: {
          from: "SFO",
          to: "JFK",
          date: "2027-05-03",
          priceUsd: 640,
          cabin: "economy",
        },
      },
    );
  });

  it("keeps a date later this year and reads the cabin", () => {
    const parsed = parseTrip(
      "business class lhr-sin December 20 for $4,200",
      today,
    );

    expect(parsed).toMatchObject({
      ok: true,
      trip: { from: "LHR", to: "SIN", date: "2026-12-20", cabin: "business" },
    });
  });

  it("takes an ISO date as it is", () => {
    const parsed = parseTrip("SFO to JFK 2027-01-15 for 500 USD", today);

    expect(parsed).toMatchObject({
      ok: true,
      trip: { date: "2027-01-15", priceUsd: 500 },
    });
  });

  it("says what is missing", () => {
    expect(parseTrip("Can I go to New York?", today)).toEqual({
      ok: false,
      missing: [
        "the route (e.g. SFO to JFK)",
        "the date (e.g. 3 May)",
        "the price (e.g. $640)",
      ],
    });
  });

  it("refuses an impossible day", () => {
    const parsed = parseTrip("SFO to JFK on 31 Feb for $300", today);

    expect(parsed).toMatchObject({
      ok: false,
      missing: ["the date (e.g. 3 May)"],
    });
  });
});

describe("reading a route", () => {
  it("does not take ordinary words for airport codes", () => {
    const parsed = parseTrip("Are you to see him on 3 May for $20?", today);

    expect(parsed).toMatchObject({ ok: false });
  });
});
