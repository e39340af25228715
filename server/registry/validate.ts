import { selectKeys } from "./criterion";
import { emailAddressSchema } from "./schemas";
import type { Criterion, Selector } from "./types";

interface SpecExpectation {
  key: string;
  kind: string;
  weight: number;
  after: string[];
  repeat: string;
}

/**
 * Problems that make an entry impossible to complete as written, each in
 * words that name the clause and the key. Empty when the entry is sound.
 */
export function findSpecProblems(
  criterion: Criterion,
  expectations: readonly SpecExpectation[],
  veto: readonly string[],
): string[] {
  const problems: string[] = [];
  const keys = new Set(expectations.map((e) => e.key));
  checkCriterion(criterion, "$", expectations, keys, problems);
  for (const key of veto) {
    if (!keys.has(key)) {
      problems.push(`veto names unknown expectation "${key}"`);
    }
  }
  for (const e of expectations) {
    for (const before of e.after) {
      if (!keys.has(before)) {
        problems.push(`"${e.key}" waits after unknown expectation "${before}"`);
      }
    }
  }
  const cycle = findCycle(expectations);
  if (cycle) {
    problems.push(`"after" has a cycle: ${cycle.join(" → ")}`);
  }

  return problems;
}

function checkCriterion(
  node: Criterion,
  path: string,
  expectations: readonly SpecExpectation[],
  keys: Set<string>,
  problems: string[],
): void {
  if ("and" in node || "or" in node) {
    const parts = "and" in node ? node.and : node.or;
    const name = "and" in node ? "and" : "or";
    if (parts.length === 0) {
      problems.push(`${path}: "${name}" has no clauses`);
    }
    parts.forEach((child, i) =>
      checkCriterion(
        child,
        `${path}.${name}[${i}]`,
        expectations,
        keys,
        problems,
      ),
    );

    return;
  }
  const selector: Selector =
    "all" in node ? node.all : "any" in node ? node.any : node.of;
  if (Array.isArray(selector)) {
    for (const key of selector) {
      if (!keys.has(key)) {
        problems.push(`${path}: unknown expectation "${key}"`);
      }
    }
  }
  const selected = selectKeys(selector, expectations).filter((k) =>
    keys.has(k),
  );
  if (selected.length === 0) {
    problems.push(`${path}: the selection is empty`);

    return;
  }
  if ("atLeast" in node && node.atLeast > selected.length) {
    problems.push(
      `${path}: needs at least ${node.atLeast} but selects only ${selected.length}`,
    );
  }
  if ("agree" in node && node.agree > selected.length) {
    // A collecting expectation may bring several results of its own.
    const collects = expectations.some(
      (e) => selected.includes(e.key) && e.repeat === "collect",
    );
    if (!collects) {
      problems.push(
        `${path}: needs ${node.agree} to agree but selects only ${selected.length}`,
      );
    }
  }
  if ("weight" in node) {
    const total = expectations
      .filter((e) => selected.includes(e.key))
      .reduce((sum, e) => sum + e.weight, 0);
    if (node.weight > total) {
      problems.push(
        `${path}: needs weight ${node.weight} but the selection weighs ${total}`,
      );
    }
  }
}

interface SpecRequester {
  requester: string;
  channel: { kind: string; fallback?: unknown };
  parent?: unknown;
}

/**
 * Why the requester cannot be reached where the answer may go, or null:
 * an email channel, or a fallback that names email, needs an address. A
 * child entry's answer goes to its parent, whatever its channel.
 */
export function findRequesterProblem(spec: SpecRequester): string | null {
  const { kind, fallback } = spec.channel;
  const byEmail =
    kind === "email" || (Array.isArray(fallback) && fallback.includes("email"));
  if (!byEmail || spec.parent !== undefined) {
    return null;
  }
  if (emailAddressSchema.safeParse(spec.requester).success) {
    return null;
  }
  const how = kind === "email" ? "the channel" : "a fallback of the channel";

  return `requester must be an email address: ${how} is email`;
}

/** A cycle in `after`, as the keys along it, or null. */
export function findCycle(
  expectations: readonly { key: string; after: string[] }[],
): string[] | null {
  const after = new Map(expectations.map((e) => [e.key, e.after]));
  const done = new Set<string>();
  const stack: string[] = [];

  const visit = (key: string): string[] | null => {
    const at = stack.indexOf(key);
    if (at >= 0) {
      return [...stack.slice(at), key];
    }
    if (done.has(key)) {
      return null;
    }
    stack.push(key);
    for (const next of after.get(key) ?? []) {
      const cycle = visit(next);
      if (cycle) {
        return cycle;
      }
    }
    stack.pop();
    done.add(key);

    return null;
  };
  for (const e of expectations) {
    const cycle = visit(e.key);
    if (cycle) {
      return cycle;
    }
  }

  return null;
}
