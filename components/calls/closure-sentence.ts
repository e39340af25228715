import { clock } from "@/components/ui/time";
import type {
  Closure,
  ExplanationNode,
  Fragment,
} from "@/server/registry/types";

import { fragmentWords, listWords } from "./words";

/**
 * One sentence that says why a call closed when it did: the reason, the
 * clause that fired in words, and the fragment that tipped it, e.g.
 * "Closed because budget, policy and approval were all ok; the approval
 * by Ana at 14:07 decided it."
 */
export function closureSentence(
  closure: Closure,
  fragments: readonly Fragment[],
  now = Date.now(),
): string {
  const deciding = fragments.find((f) => f.id === closure.decidingFragmentId);
  const who = deciding ? fragmentWords(deciding, now) : null;
  const fired = firedNode(closure);
  const clause = fired ? nodeWords(fired) : (closure.clause ?? "");
  const at = clock(closure.closedAt, now);
  const definitive = closure.verdict === "completed" ? "answer" : "no";
  const after = who ? `, after ${who}` : "";
  const detail = closure.detail ? `: ${closure.detail}` : "";

  switch (closure.reason) {
    case "criterion_met":
      return who
        ? `Closed because ${clause}; ${who} decided it.`
        : `Closed at ${at} because ${clause}.`;
    case "definitive":
      return who
        ? `Closed at once: ${who} was a definitive ${definitive}.`
        : `Closed at once at ${at} by a definitive result.`;
    case "vetoed":
      return who
        ? `Rejected because ${who} vetoed it.`
        : `Rejected at ${at} by a veto.`;
    case "deadline":
      return `Closed at its deadline, ${at}: ${closure.detail}.`;
    case "unsatisfiable":
      return (
        `Failed at ${at} because ${closure.clause ?? "the criterion"} ` +
        `can no longer be met${after}.`
      );
    case "cancelled":
      return `Cancelled at ${at}${detail}.`;
  }
}

/** The explanation node of the clause that fired, if the tree has it. */
function firedNode(closure: Closure): ExplanationNode | null {
  const root = closure.explanation;
  if (!root || !closure.clausePath) {
    return null;
  }

  return findNode(root, closure.clausePath);
}

function findNode(node: ExplanationNode, path: string): ExplanationNode | null {
  if (node.path === path) {
    return node;
  }
  for (const child of node.children) {
    const found = findNode(child, path);
    if (found) {
      return found;
    }
  }

  return null;
}

/** A met clause in words: "budget, policy and approval were all ok". */
export function nodeWords(node: ExplanationNode): string {
  if (node.op === "and") {
    return listWords(node.children.map(nodeWords));
  }
  if (node.op === "or") {
    const met = node.children.find((c) => c.met);

    return met ? nodeWords(met) : "one of its clauses was met";
  }
  const text = node.clause;
  const all = /^all of (.+)$/.exec(text);
  if (all?.[1]) {
    const sel = all[1];
    const many = sel.includes(", ") || sel.startsWith("the ");

    return many ? `${selection(sel)} were all ok` : `${selection(sel)} was ok`;
  }
  const any = /^any of (.+)$/.exec(text);
  if (any?.[1]) {
    return `one of ${group(any[1])} was ok`;
  }
  const atLeast = /^at least (\d+) of (.+)$/.exec(text);
  if (atLeast?.[2]) {
    return `at least ${atLeast[1]} of ${group(atLeast[2])} were ok`;
  }
  const weight = /^weight (\S+) of (.+)$/.exec(text);
  if (weight?.[2]) {
    return `the ok results of ${group(weight[2])} weighed at least ${weight[1]}`;
  }
  const agree = /^(\d+) of (.+) agree on (.+)$/.exec(text);
  if (agree?.[3]) {
    return `${agree[1]} of ${group(agree[2] ?? "")} agreed on ${agree[3]}`;
  }

  return text;
}

/** A selector as the subject of a sentence. */
function selection(sel: string): string {
  return sel.includes(", ") ? listWords(sel.split(", ")) : sel;
}

/** A selector after "one of", "at least 2 of". */
function group(sel: string): string {
  return sel === "every expectation" ? "the expectations" : selection(sel);
}
