import { describe, expect, it } from "vitest";

import { ConflictError } from "./errors";
import { entrySpec } from "./testing/harness";
import { registriesPerTest } from "./testing/helpers";
import type { Opener } from "./types";

const fresh = registriesPerTest();

const keyA: Opener = { type: "api_key", keyId: "key_a" };
const keyB: Opener = { type: "api_key", keyId: "key_b" };

describe("an idempotency key is scoped to who opened the entry", () => {
  it("a retry by the same opener returns the entry it opened", async () => {
    const h = fresh();
    const spec = entrySpec({ idempotencyKey: "order-1" });

    const first = await h.registry.openEntry(spec, keyA);
    const again = await h.registry.openEntry(spec, keyA);

    expect(first.replayed).toBe(false);
    expect(again).toEqual({ ...first, replayed: true });
  });

  it("another opener with the same key and body opens its own", async () => {
    const h = fresh();
    const spec = entrySpec({ idempotencyKey: "order-1" });

    const a = await h.registry.openEntry(spec, keyA);
    const b = await h.registry.openEntry(spec, keyB);
    const user = await h.registry.openEntry(spec, {
      type: "user",
      userId: "usr_1",
    });
    const system = await h.registry.openEntry(spec);

    const ids = [a.id, b.id, user.id, system.id];
    expect(new Set(ids).size).toBe(4);
    expect([b, user, system].map((o) => o.replayed)).toEqual([
      false,
      false,
      false,
    ]);
    const openers = await Promise.all(
      ids.map(async (id) => (await h.registry.getEntry(id)).entry.openedBy),
    );
    expect(openers).toEqual(["key:key_a", "key:key_b", "user:usr_1", "system"]);
  });

  it("another opener with another body is no conflict", async () => {
    const h = fresh();
    const a = await h.registry.openEntry(
      entrySpec({ idempotencyKey: "order-1" }),
      keyA,
    );

    const b = await h.registry.openEntry(
      entrySpec({ idempotencyKey: "order-1", question: "something else" }),
      keyB,
    );

    expect(b.replayed).toBe(false);
    expect(b.id).not.toBe(a.id);
  });

  it("a conflict names only the opener's own entry", async () => {
    const h = fresh();
    const a = await h.registry.openEntry(
      entrySpec({ idempotencyKey: "order-1" }),
      keyA,
    );
    const b = await h.registry.openEntry(
      entrySpec({ idempotencyKey: "order-1" }),
      keyB,
    );

    const refused = await h.registry
      .openEntry(
        entrySpec({ idempotencyKey: "order-1", question: "changed" }),
        keyB,
      )
      .catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).details).toEqual({ entryId: b.id });
    expect(JSON.stringify(refused)).not.toContain(a.id);
  });

  it("a replay by one opener stays its own after another opened", async () => {
    const h = fresh();
    const spec = entrySpec({ idempotencyKey: "order-1" });
    const a = await h.registry.openEntry(spec, keyA);
    await h.registry.openEntry(spec, keyB);

    const again = await h.registry.openEntry(spec, keyA);

    expect(again.id).toBe(a.id);
    expect(again.replayed).toBe(true);
  });
});
