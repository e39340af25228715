import { describe, expect, it } from "vitest";

import { ConflictError, ValidationError } from "./errors";
import type { EntrySpecInput } from "./schemas";
import { entrySpec } from "./testing/harness";
import { entryCount, post, registriesPerTest } from "./testing/helpers";
import { findCycle, findRequesterProblem, findSpecProblems } from "./validate";

const fresh = registriesPerTest();

/** Opens an entry that must be refused, and returns the refusal. */
async function refusal(overrides: Partial<EntrySpecInput>) {
  const h = fresh();
  const error: unknown = await h.registry.openEntry(entrySpec(overrides)).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  expect(entryCount(h)).toBe(0);

  return error as ValidationError;
}

describe("opening an entry is refused", () => {
  it("when the criterion names an unknown key", async () => {
    const error = await refusal({ criterion: { all: ["budget", "budgte"] } });

    expect(error.message).toContain('unknown expectation "budgte"');
  });

  it("when a quorum asks for more than it selects", async () => {
    const error = await refusal({
      criterion: { atLeast: 3, of: ["budget", "policy"] },
    });

    expect(error.message).toContain("needs at least 3 but selects only 2");
  });

  it("when an agreement asks for more than it selects", async () => {
    const error = await refusal({
      criterion: { agree: 3, of: "*", on: "/decision" },
    });

    expect(error.message).toContain("needs 3 to agree but selects only 2");
  });

  it("when a selection is empty", async () => {
    const error = await refusal({
      criterion: { any: { kind: "human" } },
    });

    expect(error.message).toContain("$: the selection is empty");
  });

  it("when a nested clause is wrong, naming its path", async () => {
    const error = await refusal({
      criterion: {
        and: [{ all: ["budget"] }, { or: [{ any: { kind: "human" } }] }],
      },
    });

    expect(error.message).toContain("$.and[1].or[0]: the selection is empty");
  });

  it("when the weight asked for is over the total", async () => {
    const error = await refusal({
      expect: [
        { key: "lead", kind: "human", weight: 2 },
        { key: "peer", kind: "human", weight: 1 },
      ],
      criterion: { weight: 4, of: "*" },
    });

    expect(error.message).toContain(
      "needs weight 4 but the selection weighs 3",
    );
  });

  it("when `after` has a cycle", async () => {
    const error = await refusal({
      expect: [
        { key: "budget", kind: "tool", after: ["policy"] },
        { key: "policy", kind: "agent", after: ["budget"] },
      ],
    });

    expect(error.message).toContain('"after" has a cycle');
    expect(error.message).toMatch(/budget → policy → budget/);
  });

  it("when an expectation waits after itself", async () => {
    const error = await refusal({
      expect: [
        { key: "budget", kind: "tool" },
        { key: "policy", kind: "agent", after: ["policy"] },
      ],
    });

    expect(error.message).toContain("policy → policy");
  });

  it("when `after` names an unknown key", async () => {
    const error = await refusal({
      expect: [
        { key: "budget", kind: "tool" },
        { key: "approval", kind: "human", after: ["polcy"] },
      ],
    });

    expect(error.message).toContain(
      '"approval" waits after unknown expectation "polcy"',
    );
  });

  it("when the veto names an unknown key", async () => {
    const error = await refusal({ veto: ["approval"] });

    expect(error.message).toContain(
      'veto names unknown expectation "approval"',
    );
  });

  it("when a key is listed twice", async () => {
    const error = await refusal({
      expect: [
        { key: "budget", kind: "tool" },
        { key: "budget", kind: "agent" },
      ],
    });

    expect(error.message).toContain('expectation "budget" is listed twice');
  });

  it("when nothing is required and no criterion is given", async () => {
    const error = await refusal({
      expect: [{ key: "budget", kind: "tool", required: false }],
    });

    expect(error.message).toContain("nothing to wait for");
  });

  it("when the deadline is neither a duration nor a time", async () => {
    const error = await refusal({ deadline: "tomorrow" });

    expect(error.message).toContain("deadline must be a duration");
    expect(error.details).toEqual({ deadline: "tomorrow" });
  });

  it("when the deadline is an ISO time without a zone", async () => {
    const error = await refusal({ deadline: "2026-05-02T12:00:00" });

    expect(error.message).toContain("deadline must be a duration");
  });

  it("when the deadline is already past", async () => {
    const error = await refusal({ deadline: "2020-01-01T00:00:00Z" });

    expect(error.message).toContain("deadline is already past");
  });

  it("when a timeout is not a duration, naming the field", async () => {
    const error = await refusal({
      expect: [{ key: "budget", kind: "tool", timeout: "soon" }],
    });

    expect(error.message).toContain("expect.0.timeout");
    expect(error.message).toContain("a duration like");
  });

  it("when a key has characters a key may not have", async () => {
    const error = await refusal({
      expect: [{ key: "the budget", kind: "tool" }],
    });

    expect(error.message).toContain("expect.0.key");
  });
});

describe("opening an entry is accepted", () => {
  it("with agree K over the selection when one collects", async () => {
    const h = fresh();

    const opened = await h.registry.openEntry(
      entrySpec({
        expect: [{ key: "review", kind: "llm", repeat: "collect" }],
        criterion: { agree: 2, of: ["review"], on: "/verdict" },
      }),
    );

    expect(opened.state).toBe("open");
  });

  it("with a deadline as a duration or a zoned ISO time", async () => {
    const h = fresh();

    const relative = await h.registry.openEntry(entrySpec({ deadline: "45m" }));
    const absolute = await h.registry.openEntry(
      entrySpec({ deadline: "2026-05-01T13:00:00+00:00" }),
    );

    const a = await h.registry.getEntry(relative.id);
    const b = await h.registry.getEntry(absolute.id);
    expect(a.entry.deadlineAt).toBe(h.clock.now + 45 * 60_000);
    expect(b.entry.deadlineAt).toBe(Date.parse("2026-05-01T13:00:00Z"));
  });
});

describe("the requester of an answer that may go by email", () => {
  it("must be an address when the channel is email, naming the field", async () => {
    for (const requester of ["uma", "usr_uma", "uma@", "@example.com"]) {
      const error = await refusal({ requester, channel: { kind: "email" } });

      expect(error.message).toBe(
        "requester must be an email address: the channel is email",
      );
      expect(error.details).toEqual({ field: "requester", requester });
      expect(error.details).not.toHaveProperty("issues");
    }
  });

  it("must be an address when a fallback names email", async () => {
    const error = await refusal({
      requester: "uma on the night shift",
      channel: { kind: "chat", thread: "t-1", fallback: ["inbox", "email"] },
    });

    expect(error.message).toContain("a fallback of the channel is email");
  });

  it("may be any name when email is not asked for", async () => {
    const h = fresh();
    const channels: EntrySpecInput["channel"][] = [
      { kind: "inbox" },
      { kind: "chat", thread: "t-1" },
      { kind: "chat", thread: "t-1", fallback: ["inbox"] },
    ];

    for (const channel of channels) {
      const opened = await h.registry.openEntry(
        entrySpec({ requester: "usr_uma", channel }),
      );
      expect(opened.state).toBe("open");
    }
  });

  it("may be any name on a child entry: its answer goes to the parent", async () => {
    const h = fresh();
    const parent = await h.registry.openEntry(
      entrySpec({ expect: [{ key: "research", kind: "entry" }] }),
    );

    const child = await h.registry.openEntry(
      entrySpec({
        requester: "research-agent",
        channel: { kind: "email" },
        parent: { entryId: parent.id, key: "research" },
      }),
    );

    expect(child.state).toBe("open");
  });

  it("is taken as an address with or without subdomains", async () => {
    const h = fresh();

    for (const requester of ["uma@example.com", "u.ma+x@mail.example.co"]) {
      const opened = await h.registry.openEntry(
        entrySpec({ requester, channel: { kind: "email" } }),
      );
      expect(opened.state).toBe("open");
    }
  });
});

describe("findRequesterProblem", () => {
  it("finds none for an address, whatever the channel", () => {
    const channels = [
      { kind: "email" },
      { kind: "chat", fallback: ["email"] },
      { kind: "webhook" },
    ];

    for (const channel of channels) {
      expect(
        findRequesterProblem({ requester: "uma@example.com", channel }),
      ).toBeNull();
    }
  });

  it("reads a fallback that is not a list as naming nothing", () => {
    const channel = { kind: "chat", fallback: "email" };

    expect(findRequesterProblem({ requester: "uma", channel })).toBeNull();
  });
});

describe("adding expectations is refused", () => {
  it("for a key the entry already expects", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());

    const added = h.registry.addExpectations(id, [
      { key: "budget", kind: "tool" },
    ]);

    await expect(added).rejects.toThrow(ConflictError);
    await expect(added).rejects.toThrow('already expects "budget"');
  });

  it("for an unknown after key or a cycle among the new ones", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());

    const unknown = h.registry.addExpectations(id, [
      { key: "extra", kind: "tool", after: ["nowhere"] },
    ]);
    const cycle = h.registry.addExpectations(id, [
      { key: "left", kind: "tool", after: ["right"] },
      { key: "right", kind: "tool", after: ["left"] },
    ]);

    await expect(unknown).rejects.toThrow('waits after unknown "nowhere"');
    await expect(cycle).rejects.toThrow('"after" has a cycle');
    const record = await h.registry.getEntry(id);
    expect(record.expectations.map((e) => e.key)).toEqual(["budget", "policy"]);
  });

  it("past the expectations one entry may hold, naming the limit", async () => {
    const h = fresh();
    const specs = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        key: `k${from + i}`,
        kind: "tool",
      }));
    const { id } = await h.registry.openEntry(
      entrySpec({ expect: specs(0, 150) }),
    );
    await h.registry.addExpectations(id, specs(150, 49));

    const over = h.registry.addExpectations(id, specs(199, 2));
    const fills = await h.registry.addExpectations(id, specs(199, 1));
    const beyond = h.registry.addExpectations(id, specs(200, 1));

    await expect(over).rejects.toThrow(ValidationError);
    await expect(over).rejects.toThrow("at most 200 expectations");
    await expect(over).rejects.toMatchObject({
      details: { limit: 200, expectations: 199, added: 2 },
    });
    expect(fills.expectations.map((e) => e.key)).toEqual(["k199"]);
    await expect(beyond).rejects.toThrow("at most 200 expectations");
    const record = await h.registry.getEntry(id);
    expect(record.expectations).toHaveLength(200);
  });

  it("once the entry is closed", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());
    await h.registry.cancelEntry(id);

    const added = h.registry.addExpectations(id, [
      { key: "extra", kind: "tool" },
    ]);

    await expect(added).rejects.toThrow(ConflictError);
  });
});

describe("fragments are refused", () => {
  it("when the input is not a fragment", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());

    const bad = post(h, id, "budget", "maybe" as "ok");

    await expect(bad).rejects.toThrow(ValidationError);
    await expect(bad).rejects.toThrow("invalid fragment: outcome");
  });
});

describe("findSpecProblems", () => {
  const spec = (key: string, after: string[] = []) => ({
    key,
    kind: "tool",
    weight: 1,
    after,
    repeat: "first",
  });

  it("lists every problem, not only the first", () => {
    const problems = findSpecProblems(
      { and: [{ all: ["ghost"] }, { atLeast: 3, of: ["a", "b"] }] },
      [spec("a", ["b"]), spec("b", ["a"])],
      ["phantom"],
    );

    expect(problems).toEqual([
      '$.and[0]: unknown expectation "ghost"',
      "$.and[0]: the selection is empty",
      "$.and[1]: needs at least 3 but selects only 2",
      'veto names unknown expectation "phantom"',
      '"after" has a cycle: a → b → a',
    ]);
  });

  it("finds no cycle in a chain", () => {
    expect(
      findCycle([spec("a"), spec("b", ["a"]), spec("c", ["b", "a"])]),
    ).toBeNull();
  });
});

describe("durations", () => {
  it("refuses waits longer than ten years", async () => {
    const { parseDuration, parseDueTime } = await import("./duration");

    expect(parseDuration("3650d")).toBe(3650 * 86_400_000);
    expect(parseDuration("3651d")).toBeNull();
    expect(parseDuration("99999999999999d")).toBeNull();
    expect(parseDueTime("9999-12-31T00:00:00Z", Date.now())).toBeNull();
  });
});
