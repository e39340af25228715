import { describe, expect, it } from "vitest";

import { config } from "@/server/config";

import { takeToken } from "./rate-limit";

describe("the rate limit's buckets", () => {
  it("keep a limited caller limited while many new names arrive", () => {
    const burst = config().DOCKET_RATE_LIMIT * 2;
    const now = Date.parse("2026-05-01T12:00:00Z");
    for (let i = 0; i < burst; i++) {
      expect(takeToken("key:hasty", now)).toBe(0);
    }
    expect(takeToken("key:hasty", now)).toBeGreaterThan(0);

    // More names than the map holds, each used once, within one moment.
    for (let i = 0; i < 100_500; i++) {
      takeToken(`token:ent_${i}:budget`, now);
      if (i % 10_000 === 0) {
        expect(takeToken("key:hasty", now)).toBeGreaterThan(0);
      }
    }

    expect(takeToken("key:hasty", now)).toBeGreaterThan(0);
  });
});
