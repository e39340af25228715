import { describe, expect, it } from "vitest";

import { ConflictError } from "./errors";
import { entrySpec } from "./testing/harness";
import { registriesPerTest } from "./testing/helpers";

const fresh = registriesPerTest();

describe("a retried open", () => {
  it("that spells out a default is the same request", async () => {
    const h = fresh();
    const spec = entrySpec({ idempotencyKey: "order-7" });

    const first = await h.registry.openEntry(spec);
    const again = await h.registry.openEntry({
      ...spec,
      channel: { kind: "inbox" },
      veto: [],
      onDeadline: "complete",
    });

    expect(again.id).toBe(first.id);
    expect(again.replayed).toBe(true);
  });

  it("that asks for something else is a conflict", async () => {
    const h = fresh();
    const spec = entrySpec({ idempotencyKey: "order-8" });
    await h.registry.openEntry(spec);

    await expect(
      h.registry.openEntry({ ...spec, question: "another question" }),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});
