import { describe, expect, it } from "vitest";

import { findAirport } from "./airports";
import { distanceKm } from "./distance";

const between = (a: string, b: string) => {
  const from = findAirport(a);
  const to = findAirport(b);
  if (!from || !to) {
    throw new Error(`no airport ${a} or ${b}`);
  }

  return distanceKm(from, to);
};

describe("airports", () => {
  it("finds an airport by IATA code, in any case", () => {
    expect(findAirport("sfo")).toMatchObject({
      iata: "SFO",
      name: "San Francisco International Airport",
      city: "San Francisco",
      country: "United States",
    });
    expect(findAirport("JFK")?.city).toBe("New York");
  });

  it("finds nothing for a code no airport has", () => {
    expect(findAirport("QQQ")).toBeUndefined();
    expect(findAirport("")).toBeUndefined();
  });
});

describe("great-circle distance", () => {
  // Route distances as airlines quote them (on the ellipsoid, miles
  // converted): the sphere stays within 0.5% of them.
  it.each([
    ["SFO", "JFK", 4_162],
    ["LHR", "JFK", 5_554],
    ["SYD", "LAX", 12_051],
    ["LHR", "CDG", 348],
  ])("%s to %s is about %i km", (a, b, expected) => {
    expect(Math.abs(between(a, b) - expected)).toBeLessThan(expected * 0.005);
  });

  it("is the same both ways and zero from a place to itself", () => {
    expect(between("SFO", "JFK")).toBeCloseTo(between("JFK", "SFO"), 6);
    expect(between("SFO", "SFO")).toBe(0);
  });
});
