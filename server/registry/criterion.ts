import type {
  Criterion,
  ExpectationState,
  ExplanationNode,
  Json,
  Repeat,
  Selector,
} from "./types";

/** What the evaluation needs to know of an expectation. */
export interface EvalExpectation {
  key: string;
  kind: string;
  state: ExpectationState;
  required: boolean;
  weight: number;
  repeat: Repeat;
}

/** An accepted, current fragment with a result (not progress). */
export interface EvalFragment {
  id: string;
  key: string;
  outcome: "ok" | "negative" | "error";
  payload: Json;
}

interface Facts {
  expectations: Map<string, EvalExpectation>;
  /** ok fragments per key, in arrival order. */
  ok: Map<string, EvalFragment[]>;
  /** Whether an expectation may still produce (another) ok result. */
  open: Set<string>;
}

/**
 * Evaluates the criterion over the entry's expectations and fragments. Pure:
 * the same input always gives the same tree. `met` on the root means the
 * entry is complete; `possible: false` means no arrival can complete it.
 */
export function evaluateCriterion(
  criterion: Criterion,
  expectations: readonly EvalExpectation[],
  fragments: readonly EvalFragment[],
  entryOpen = true,
): ExplanationNode {
  const facts = gatherFacts(expectations, fragments, entryOpen);

  return evaluateNode(criterion, "$", facts);
}

/** With no criterion given, an entry waits for all required expectations. */
export function defaultCriterion(
  expectations: readonly { key: string; required: boolean }[],
): Criterion {
  return {
    all: expectations.filter((e) => e.required).map((e) => e.key),
  };
}

function gatherFacts(
  expectations: readonly EvalExpectation[],
  fragments: readonly EvalFragment[],
  entryOpen: boolean,
): Facts {
  const byKey = new Map(expectations.map((e) => [e.key, e]));
  const ok = new Map<string, EvalFragment[]>();
  for (const fragment of fragments) {
    if (fragment.outcome !== "ok" || !byKey.has(fragment.key)) {
      continue;
    }
    const list = ok.get(fragment.key) ?? [];
    list.push(fragment);
    ok.set(fragment.key, list);
  }
  const open = new Set<string>();
  if (entryOpen) {
    for (const e of expectations) {
      if (mayStillArrive(e)) {
        open.add(e.key);
      }
    }
  }

  return { expectations: byKey, ok, open };
}

function mayStillArrive(e: EvalExpectation): boolean {
  if (e.state === "waiting" || e.state === "blocked") {
    return true;
  }
  if (e.state === "streaming") {
    return true;
  }

  // A resolved expectation may still change when later results count.
  return e.state === "resolved" && e.repeat !== "first";
}

/** The keys a selector picks, in the order the expectations were added. */
export function selectKeys(
  selector: Selector,
  expectations: Iterable<{ key: string; kind: string }>,
): string[] {
  const all = [...expectations];
  if (selector === "*") {
    return all.map((e) => e.key);
  }
  if (Array.isArray(selector)) {
    return [...new Set(selector)];
  }

  return all.filter((e) => e.kind === selector.kind).map((e) => e.key);
}

function evaluateNode(
  node: Criterion,
  path: string,
  facts: Facts,
): ExplanationNode {
  if ("and" in node || "or" in node) {
    return evaluateGroup(node, path, facts);
  }
  const keys = selectKeys(selectorOf(node), facts.expectations.values());
  const okKeys = keys.filter((k) => hasOk(facts, k));
  const openKeys = keys.filter((k) => facts.open.has(k) && !hasOk(facts, k));
  const ids = (list: string[]) =>
    list.flatMap((k) => (facts.ok.get(k) ?? []).map((f) => f.id));

  if ("all" in node) {
    const met = keys.length > 0 && okKeys.length === keys.length;
    const possible = met || okKeys.length + openKeys.length === keys.length;

    return leaf(
      "all",
      path,
      `all of ${describe(node.all)}`,
      met,
      possible,
      ids(okKeys),
    );
  }
  if ("any" in node) {
    const met = okKeys.length > 0;

    return leaf(
      "any",
      path,
      `any of ${describe(node.any)}`,
      met,
      met || openKeys.length > 0,
      ids(okKeys),
    );
  }
  if ("atLeast" in node) {
    const met = okKeys.length >= node.atLeast;
    const possible = okKeys.length + openKeys.length >= node.atLeast;

    return leaf(
      "atLeast",
      path,
      `at least ${node.atLeast} of ${describe(node.of)}`,
      met,
      met || possible,
      ids(okKeys),
    );
  }
  if ("weight" in node) {
    const sum = (list: string[]) =>
      list.reduce((t, k) => t + (facts.expectations.get(k)?.weight ?? 0), 0);
    const met = sum(okKeys) >= node.weight;
    const possible = sum(okKeys) + sum(openKeys) >= node.weight;

    return leaf(
      "weight",
      path,
      `weight ${node.weight} of ${describe(node.of)}`,
      met,
      met || possible,
      ids(okKeys),
    );
  }

  return evaluateAgreement(node, path, keys, facts);
}

function evaluateAgreement(
  node: { agree: number; of: Selector; on: string },
  path: string,
  keys: string[],
  facts: Facts,
): ExplanationNode {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    for (const fragment of currentOk(facts, key)) {
      const found = pointerGet(fragment.payload, node.on);
      if (found === undefined) {
        continue;
      }
      const value = canonical(found);
      groups.set(value, [...(groups.get(value) ?? []), fragment.id]);
    }
  }
  let best: string[] = [];
  for (const ids of groups.values()) {
    if (ids.length > best.length) {
      best = ids;
    }
  }
  const met = best.length >= node.agree;
  // Every expectation that may still arrive could side with the largest group.
  const pending = keys.filter((k) => facts.open.has(k)).length;
  const collecting = keys.some(
    (k) => facts.open.has(k) && facts.expectations.get(k)?.repeat === "collect",
  );
  const possible = met || collecting || best.length + pending >= node.agree;
  const on = node.on === "" ? "the whole result" : node.on;

  return leaf(
    "agree",
    path,
    `${node.agree} of ${describe(node.of)} agree on ${on}`,
    met,
    possible,
    met ? best : [],
  );
}

function evaluateGroup(
  node: { and: Criterion[] } | { or: Criterion[] },
  path: string,
  facts: Facts,
): ExplanationNode {
  const isAnd = "and" in node;
  const parts = isAnd ? node.and : node.or;
  const name = isAnd ? "and" : "or";
  const children = parts.map((child, i) =>
    evaluateNode(child, `${path}.${name}[${i}]`, facts),
  );
  const met = isAnd
    ? children.every((c) => c.met)
    : children.some((c) => c.met);
  const possible = isAnd
    ? children.every((c) => c.possible)
    : children.some((c) => c.possible);
  const fragmentIds = children
    .filter((c) => c.met)
    .flatMap((c) => c.fragmentIds);

  return {
    op: name,
    path,
    clause: isAnd ? "all of these" : "any of these",
    met,
    possible: met || possible,
    fragmentIds: [...new Set(fragmentIds)],
    children,
  };
}

/**
 * The clause that made a met tree met: for `or`, its first met child, down
 * to a leaf; for `and` and leaves, the node itself.
 */
export function firingClause(root: ExplanationNode): ExplanationNode {
  let node = root;
  while (node.op === "or") {
    const next = node.children.find((c) => c.met);
    if (!next) {
      break;
    }
    node = next;
  }

  return node;
}

function hasOk(facts: Facts, key: string): boolean {
  return (facts.ok.get(key)?.length ?? 0) > 0;
}

/** ok results that count: all for `collect`, the latest for `last`. */
function currentOk(facts: Facts, key: string): EvalFragment[] {
  const list = facts.ok.get(key) ?? [];
  const repeat = facts.expectations.get(key)?.repeat ?? "first";
  if (repeat === "collect") {
    return list;
  }
  const pick = repeat === "last" ? list.at(-1) : list[0];

  return pick ? [pick] : [];
}

function selectorOf(node: Criterion): Selector {
  if ("all" in node) {
    return node.all;
  }
  if ("any" in node) {
    return node.any;
  }
  if ("of" in node) {
    return node.of;
  }

  return "*";
}

function leaf(
  op: ExplanationNode["op"],
  path: string,
  clause: string,
  met: boolean,
  possible: boolean,
  fragmentIds: string[],
): ExplanationNode {
  return {
    op,
    path,
    clause,
    met,
    possible: met || possible,
    fragmentIds,
    children: [],
  };
}

export function describe(selector: Selector): string {
  if (selector === "*") {
    return "every expectation";
  }
  if (Array.isArray(selector)) {
    return selector.join(", ");
  }

  return `the ${selector.kind} expectations`;
}

/** RFC 6901 JSON pointer; `undefined` when the path does not exist. */
export function pointerGet(value: Json, pointer: string): Json | undefined {
  if (pointer === "") {
    return value;
  }
  let current: Json | undefined = value;
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (current === null || typeof current !== "object") {
      return undefined;
    }
    current = Array.isArray(current)
      ? current[Number(token)]
      : (current as Record<string, Json>)[token];
  }

  return current;
}

/** JSON with sorted object keys, so equal values compare equal. */
export function canonical(value: Json | undefined): string {
  if (value === undefined) {
    return "undefined";
  }
  if (value === null || typeof value !== "object") {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(",")}]`;
  }
  const keys = Object.keys(value).sort();

  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
}
