import { describe, expect, it } from "vitest";

import {
  canonical,
  defaultCriterion,
  evaluateCriterion,
  firingClause,
  pointerGet,
  selectKeys,
  type EvalExpectation,
  type EvalFragment,
} from "./criterion";
import type { Criterion, ExpectationState, Json, Repeat } from "./types";

/**
 * A small world for the pure evaluator: expectations in the state their
 * results put them in, and the fragments that count.
 */
class World {
  readonly expectations: EvalExpectation[] = [];
  readonly fragments: EvalFragment[] = [];
  private made = 0;

  expect(
    key: string,
    kind = "tool",
    options: {
      weight?: number;
      repeat?: Repeat;
      state?: ExpectationState;
    } = {},
  ): this {
    this.expectations.push({
      key,
      kind,
      state: options.state ?? "waiting",
      required: true,
      weight: options.weight ?? 1,
      repeat: options.repeat ?? "first",
    });

    return this;
  }

  /** Records a result and moves its expectation as the registry would. */
  result(
    key: string,
    outcome: EvalFragment["outcome"],
    payload: Json = null,
  ): string {
    this.made += 1;
    const id = `frg_${key}_${this.made}`;
    this.fragments.push({ id, key, outcome, payload });
    const e = this.expectations.find((x) => x.key === key);
    if (e && (e.state === "waiting" || e.state === "streaming")) {
      e.state = outcome === "error" ? "failed" : "resolved";
    }

    return id;
  }

  ok(key: string, payload: Json = null): string {
    return this.result(key, "ok", payload);
  }

  evaluate(criterion: Criterion, entryOpen = true) {
    return evaluateCriterion(
      criterion,
      this.expectations,
      this.fragments,
      entryOpen,
    );
  }
}

function trio() {
  return new World()
    .expect("budget", "tool")
    .expect("policy", "agent")
    .expect("approval", "human");
}

describe("all", () => {
  it("is met when every selected expectation resolved ok", () => {
    const w = trio();
    const budget = w.ok("budget");
    const policy = w.ok("policy");

    const node = w.evaluate({ all: ["budget", "policy"] });

    expect(node).toMatchObject({
      path: "$",
      clause: "all of budget, policy",
      met: true,
      possible: true,
      children: [],
    });
    expect(node.fragmentIds).toEqual([budget, policy]);
  });

  it("is not met but still possible while one is waiting", () => {
    const w = trio();
    const budget = w.ok("budget");

    const node = w.evaluate({ all: ["budget", "policy"] });

    expect(node.met).toBe(false);
    expect(node.possible).toBe(true);
    expect(node.fragmentIds).toEqual([budget]);
  });

  it("can no longer be met once one says no", () => {
    const w = trio();
    w.ok("budget");
    w.result("policy", "negative");

    const node = w.evaluate({ all: ["budget", "policy"] });

    expect(node.met).toBe(false);
    expect(node.possible).toBe(false);
  });

  it("can no longer be met once one fails or times out", () => {
    const failed = trio();
    failed.result("policy", "error");
    const timedOut = new World()
      .expect("budget")
      .expect("policy", "agent", { state: "timed_out" });

    expect(failed.evaluate({ all: "*" }).possible).toBe(false);
    expect(timedOut.evaluate({ all: "*" }).possible).toBe(false);
  });

  it("selects by kind, ignoring the other kinds", () => {
    const w = new World()
      .expect("first", "human")
      .expect("second", "human")
      .expect("budget", "tool");
    w.ok("first");
    w.ok("second");

    const node = w.evaluate({ all: { kind: "human" } });

    expect(node.met).toBe(true);
    expect(node.clause).toBe("all of the human expectations");
  });

  it("selects every expectation with *", () => {
    const w = trio();
    w.ok("budget");
    w.ok("policy");

    expect(w.evaluate({ all: "*" }).met).toBe(false);
    w.ok("approval");
    const node = w.evaluate({ all: "*" });

    expect(node.met).toBe(true);
    expect(node.clause).toBe("all of every expectation");
  });

  it("is never met by an empty selection", () => {
    const w = trio();
    w.ok("budget");

    const node = w.evaluate({ all: { kind: "batch" } });

    expect(node.met).toBe(false);
  });
});

describe("any", () => {
  it("is met by one ok result and names only that fragment", () => {
    const w = trio();
    w.result("budget", "negative");
    const policy = w.ok("policy");

    const node = w.evaluate({ any: ["budget", "policy", "approval"] });

    expect(node.met).toBe(true);
    expect(node.fragmentIds).toEqual([policy]);
    expect(node.clause).toBe("any of budget, policy, approval");
  });

  it("stays possible while one may still arrive", () => {
    const w = trio();
    w.result("budget", "error");

    const node = w.evaluate({ any: ["budget", "policy"] });

    expect(node).toMatchObject({ met: false, possible: true });
  });

  it("is impossible when every selected one ended without ok", () => {
    const w = trio();
    w.result("budget", "error");
    w.result("policy", "negative");

    const node = w.evaluate({ any: ["budget", "policy"] });

    expect(node).toMatchObject({ met: false, possible: false });
  });
});

describe("atLeast", () => {
  it("is met by a quorum of the selection", () => {
    const w = new World()
      .expect("a", "agent")
      .expect("b", "agent")
      .expect("c", "agent");
    const a = w.ok("a");
    const c = w.ok("c");

    const node = w.evaluate({ atLeast: 2, of: { kind: "agent" } });

    expect(node.met).toBe(true);
    expect(node.fragmentIds).toEqual([a, c]);
    expect(node.clause).toBe("at least 2 of the agent expectations");
  });

  it("is possible while enough may still arrive", () => {
    const w = new World().expect("a").expect("b").expect("c");
    w.ok("a");
    w.result("b", "negative");

    const node = w.evaluate({ atLeast: 2, of: "*" });

    expect(node).toMatchObject({ met: false, possible: true });
  });

  it("is impossible once too many ended without ok", () => {
    const w = new World().expect("a").expect("b").expect("c");
    w.ok("a");
    w.result("b", "negative");
    w.result("c", "error");

    const node = w.evaluate({ atLeast: 2, of: "*" });

    expect(node).toMatchObject({ met: false, possible: false });
  });
});

describe("weight", () => {
  function weighted() {
    return new World()
      .expect("lead", "human", { weight: 3 })
      .expect("peer", "human", { weight: 1 })
      .expect("intern", "human", { weight: 1 });
  }

  it("is met when the ok weights reach the threshold", () => {
    const w = weighted();
    const lead = w.ok("lead");

    const node = w.evaluate({ weight: 3, of: { kind: "human" } });

    expect(node.met).toBe(true);
    expect(node.fragmentIds).toEqual([lead]);
    expect(node.clause).toBe("weight 3 of the human expectations");
  });

  it("is not met by lighter results that fall short", () => {
    const w = weighted();
    w.ok("peer");
    w.ok("intern");

    const node = w.evaluate({ weight: 3, of: "*" });

    expect(node).toMatchObject({ met: false, possible: true });
  });

  it("is impossible once the remaining weight cannot reach it", () => {
    const w = weighted();
    w.ok("peer");
    w.result("lead", "negative");

    const node = w.evaluate({ weight: 3, of: "*" });

    expect(node).toMatchObject({ met: false, possible: false });
  });
});

describe("agree", () => {
  function panel() {
    return new World()
      .expect("alpha", "agent")
      .expect("beta", "agent")
      .expect("gamma", "agent");
  }

  it("is met when K payloads agree at the pointer", () => {
    const w = panel();
    const alpha = w.ok("alpha", { decision: "book", note: "cheap" });
    w.ok("beta", { decision: "wait" });
    const gamma = w.ok("gamma", { decision: "book", note: "fine" });

    const node = w.evaluate({ agree: 2, of: "*", on: "/decision" });

    expect(node.met).toBe(true);
    expect(node.fragmentIds).toEqual([alpha, gamma]);
    expect(node.clause).toBe("2 of every expectation agree on /decision");
  });

  it("is not met by disagreeing payloads and says so when all are in", () => {
    const w = panel();
    w.ok("alpha", { decision: "book" });
    w.ok("beta", { decision: "wait" });

    const open = w.evaluate({ agree: 2, of: "*", on: "/decision" });
    w.ok("gamma", { decision: "cancel" });
    const ended = w.evaluate({ agree: 2, of: "*", on: "/decision" });

    expect(open).toMatchObject({ met: false, possible: true });
    expect(open.fragmentIds).toEqual([]);
    expect(ended).toMatchObject({ met: false, possible: false });
  });

  it("ignores payloads without the pointed value", () => {
    const w = panel();
    w.ok("alpha", { decision: "book" });
    w.ok("beta", { other: "book" });

    const node = w.evaluate({
      agree: 2,
      of: ["alpha", "beta"],
      on: "/decision",
    });

    expect(node).toMatchObject({ met: false, possible: false });
  });

  it("compares whole payloads regardless of key order", () => {
    const w = panel();
    w.ok("alpha", { from: "SFO", to: "JFK" });
    w.ok("beta", { to: "JFK", from: "SFO" });

    const node = w.evaluate({ agree: 2, of: "*", on: "" });

    expect(node.met).toBe(true);
    expect(node.clause).toBe(
      "2 of every expectation agree on the whole result",
    );
  });

  it("follows escaped pointer tokens and array indexes", () => {
    const w = panel();
    w.ok("alpha", { "a/b": { "c~d": [0, "yes"] } });
    w.ok("beta", { "a/b": { "c~d": [1, "yes"] } });

    const node = w.evaluate({ agree: 2, of: "*", on: "/a~1b/c~0d/1" });

    expect(node.met).toBe(true);
  });

  it("counts every result of a collecting expectation", () => {
    const w = new World().expect("review", "llm", { repeat: "collect" });
    const first = w.ok("review", { verdict: "safe" });
    const second = w.ok("review", { verdict: "safe" });

    const node = w.evaluate({ agree: 2, of: ["review"], on: "/verdict" });

    expect(node.met).toBe(true);
    expect(node.fragmentIds).toEqual([first, second]);
  });

  it("counts only the latest result of a repeat-last expectation", () => {
    const w = new World()
      .expect("alpha", "agent", { repeat: "last" })
      .expect("beta", "agent");
    w.ok("alpha", { decision: "book" });
    w.ok("beta", { decision: "wait" });
    const latest = w.ok("alpha", { decision: "wait" });

    const node = w.evaluate({ agree: 2, of: "*", on: "/decision" });

    expect(node.met).toBe(true);
    expect(node.fragmentIds).toContain(latest);
    expect(node.fragmentIds).toHaveLength(2);
  });
});

describe("and / or", () => {
  it("and is met only when every clause is, with paths per clause", () => {
    const w = trio();
    const budget = w.ok("budget");

    const criterion: Criterion = {
      and: [{ all: ["budget"] }, { any: { kind: "human" } }],
    };
    const before = w.evaluate(criterion);
    const approval = w.ok("approval");
    const after = w.evaluate(criterion);

    expect(before.met).toBe(false);
    expect(before.possible).toBe(true);
    expect(before.children.map((c) => [c.path, c.met])).toEqual([
      ["$.and[0]", true],
      ["$.and[1]", false],
    ]);
    expect(after.met).toBe(true);
    expect(after.clause).toBe("all of these");
    expect(after.fragmentIds).toEqual([budget, approval]);
  });

  it("and is impossible when one clause is", () => {
    const w = trio();
    w.ok("budget");
    w.result("approval", "negative");

    const node = w.evaluate({
      and: [{ all: ["budget"] }, { all: ["approval"] }],
    });

    expect(node).toMatchObject({ met: false, possible: false });
    expect(node.children[1]).toMatchObject({
      path: "$.and[1]",
      possible: false,
    });
  });

  it("or is met by one clause and keeps only met clauses' fragments", () => {
    const w = trio();
    w.ok("budget");
    const approval = w.ok("approval");

    const node = w.evaluate({
      or: [{ all: ["budget", "policy"] }, { any: ["approval"] }],
    });

    expect(node.met).toBe(true);
    expect(node.clause).toBe("any of these");
    expect(node.fragmentIds).toEqual([approval]);
    expect(node.children.map((c) => [c.path, c.met])).toEqual([
      ["$.or[0]", false],
      ["$.or[1]", true],
    ]);
  });

  it("or is impossible only when every clause is", () => {
    const w = trio();
    w.result("budget", "error");

    const criterion: Criterion = {
      or: [{ all: ["budget"] }, { all: ["policy"] }],
    };
    const one = w.evaluate(criterion);
    w.result("policy", "negative");
    const both = w.evaluate(criterion);

    expect(one).toMatchObject({ met: false, possible: true });
    expect(both).toMatchObject({ met: false, possible: false });
  });

  it("nests paths through and and or", () => {
    const w = trio();

    const node = w.evaluate({
      and: [
        { all: ["budget"] },
        { or: [{ any: ["policy"] }, { all: ["approval"] }] },
      ],
    });

    expect(node.children[1]?.children.map((c) => c.path)).toEqual([
      "$.and[1].or[0]",
      "$.and[1].or[1]",
    ]);
  });
});

describe("a closed entry", () => {
  it("counts nothing as still possible", () => {
    const w = trio();
    w.ok("budget");

    const node = w.evaluate({ all: ["budget", "policy"] }, false);

    expect(node).toMatchObject({ met: false, possible: false });
  });

  it("still reports what was met", () => {
    const w = trio();
    w.ok("budget");

    const node = w.evaluate({ any: ["budget", "policy"] }, false);

    expect(node).toMatchObject({ met: true, possible: true });
  });
});

describe("firingClause", () => {
  it("is the leaf itself for a leaf criterion", () => {
    const w = trio();
    w.ok("budget");

    const root = w.evaluate({ all: ["budget"] });

    expect(firingClause(root)).toBe(root);
  });

  it("descends into the first met clause of an or", () => {
    const w = trio();
    w.ok("policy");
    w.ok("approval");

    const fired = firingClause(
      w.evaluate({
        or: [{ all: ["budget"] }, { any: ["policy"] }, { all: ["approval"] }],
      }),
    );

    expect(fired.path).toBe("$.or[1]");
    expect(fired.clause).toBe("any of policy");
  });

  it("descends through nested ors and stops at an and", () => {
    const w = trio();
    w.ok("budget");
    w.ok("policy");

    const fired = firingClause(
      w.evaluate({
        or: [
          { all: ["approval"] },
          {
            or: [{ and: [{ all: ["budget"] }, { all: ["policy"] }] }],
          },
        ],
      }),
    );

    expect(fired.path).toBe("$.or[1].or[0]");
    expect(fired.clause).toBe("all of these");
  });
});

describe("helpers", () => {
  it("waits for every required expectation by default", () => {
    const criterion = defaultCriterion([
      { key: "budget", required: true },
      { key: "nice", required: false },
      { key: "policy", required: true },
    ]);

    expect(criterion).toEqual({ all: ["budget", "policy"] });
  });

  it("selects keys in the order the expectations were added", () => {
    const list = [
      { key: "b", kind: "tool" },
      { key: "a", kind: "human" },
      { key: "c", kind: "tool" },
    ];

    expect(selectKeys("*", list)).toEqual(["b", "a", "c"]);
    expect(selectKeys({ kind: "tool" }, list)).toEqual(["b", "c"]);
    expect(selectKeys(["c", "c", "a"], list)).toEqual(["c", "a"]);
  });

  it("reads JSON pointers and tells a missing path from null", () => {
    const value = { a: { b: null, list: [1, 2] } };

    expect(pointerGet(value, "")).toBe(value);
    expect(pointerGet(value, "/a/b")).toBeNull();
    expect(pointerGet(value, "/a/list/1")).toBe(2);
    expect(pointerGet(value, "/a/missing")).toBeUndefined();
    expect(pointerGet(value, "/a/b/deeper")).toBeUndefined();
  });

  it("writes equal values the same way", () => {
    expect(canonical({ b: [1, { d: 2, c: 3 }], a: null })).toBe(
      canonical({ a: null, b: [1, { c: 3, d: 2 }] }),
    );
    expect(canonical({ a: 1 })).not.toBe(canonical({ a: "1" }));
  });
});
