import { describe, expect, it } from "vitest";

import { ValidationError } from "./errors";
import { apiKey, entrySpec } from "./testing/harness";
import { registriesPerTest } from "./testing/helpers";

const fresh = registriesPerTest();

describe("the idempotency key a finished stream records under", () => {
  it("cannot be taken by a fragment, so the stream still completes", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "summary", kind: "llm" },
          { key: "budget", kind: "tool" },
        ],
      }),
    );

    const taken = h.registry.recordFragment(
      id,
      { key: "budget", outcome: "ok", idempotencyKey: "stream:summary" },
      apiKey,
    );
    await expect(taken).rejects.toBeInstanceOf(ValidationError);
    await expect(taken).rejects.toThrow(/kept for streamed results/);
    const done = await h.registry.recordChunk(
      id,
      "summary",
      { seq: 0, delta: "all fine", done: true },
      apiKey,
    );

    expect(done.disposition).toBe("complete");
    const entry = await h.registry.getEntry(id);
    expect(entry.expectations.find((e) => e.key === "summary")?.state).toBe(
      "resolved",
    );
  });
});
