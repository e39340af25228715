import type {
  Criterion,
  Expectation,
  ExplanationNode,
  Selector,
} from "@/server/registry/types";

export interface WaitingOn {
  key: string;
  kind: string;
  state: Expectation["state"];
  /** `after` keys not resolved yet: what keeps a blocked one from starting. */
  blockedBy: string[];
  timeoutAt: number | null;
}

export interface PendingClause {
  clause: string;
  depth: number;
  met: boolean;
  possible: boolean;
  /** For a leaf clause: its expectations that have no ok result yet. */
  waitingOn: WaitingOn[];
}

/**
 * Why an open entry is still open, as a flat list in tree order: every
 * clause of the criterion, and under each unmet leaf the expectations it
 * still needs, with what blocks them and their timeouts.
 */
export function pendingClauses(
  root: ExplanationNode,
  criterion: Criterion,
  expectations: readonly Expectation[],
): PendingClause[] {
  const out: PendingClause[] = [];
  const visit = (node: ExplanationNode, depth: number) => {
    const leaf = node.children.length === 0;
    const selector = leaf ? selectorAt(criterion, node.path) : null;
    out.push({
      clause: node.clause,
      depth,
      met: node.met,
      possible: node.possible,
      waitingOn: leaf && !node.met ? needed(selector, expectations) : [],
    });
    for (const child of node.children) {
      visit(child, depth + 1);
    }
  };
  visit(root, 0);

  return out;
}

function needed(
  selector: Selector | null,
  expectations: readonly Expectation[],
): WaitingOn[] {
  const byKey = new Map(expectations.map((e) => [e.key, e]));
  const keys = selected(selector, expectations);

  return keys
    .map((key) => byKey.get(key))
    .filter((e): e is Expectation => e !== undefined)
    .filter((e) => e.state !== "resolved")
    .map((e) => ({
      key: e.key,
      kind: e.kind,
      state: e.state,
      blockedBy:
        e.state === "blocked"
          ? e.after.filter((k) => byKey.get(k)?.state !== "resolved")
          : [],
      timeoutAt: e.timeoutAt,
    }));
}

function selected(
  selector: Selector | null,
  expectations: readonly Expectation[],
): string[] {
  if (selector === null || selector === "*") {
    return expectations.map((e) => e.key);
  }
  if (Array.isArray(selector)) {
    return selector;
  }

  return expectations.filter((e) => e.kind === selector.kind).map((e) => e.key);
}

/** The selector of the leaf at `$.and[1].or[0]`, or null. */
export function selectorAt(
  criterion: Criterion,
  path: string,
): Selector | null {
  let node: Criterion | undefined = criterion;
  for (const [, op, index] of path.matchAll(/\.(and|or)\[(\d+)\]/g)) {
    if (!node) {
      return null;
    }
    const parts: Criterion[] | undefined =
      op === "and" && "and" in node
        ? node.and
        : op === "or" && "or" in node
          ? node.or
          : undefined;
    node = parts?.[Number(index)];
  }
  if (!node) {
    return null;
  }
  if ("all" in node) {
    return node.all;
  }
  if ("any" in node) {
    return node.any;
  }

  return "of" in node ? node.of : null;
}
