import type {
  Closure,
  ClosureReason,
  Json,
  Verdict,
} from "@/server/registry/types";

import { runAssembler, type Assembled } from "./assemblers";
import type { EntryView } from "./records";
import { payloadsOf, resultsJson, resultsOf } from "./results";
import { renderTemplate } from "./template";
import { outcomeSentence, resultLines, titleOf } from "./wording";

export interface AnswerText {
  verdict: Verdict;
  reason: ClosureReason;
  title: string;
  text: string;
  parts: Record<string, Json>;
  /** `assembler:NAME`, `template` or `default`. */
  assembledBy: string;
  /** Why the expected way of assembling was not used, if it was not. */
  note: string | null;
}

/**
 * The answer of a closed entry: the flow's assembler when its metadata
 * names one, else the entry's template (for a completed call), else a
 * summary in plain words. Every way says how the call ended and why, and
 * the parts carry each expectation's result, outcome and state.
 */
export function assembleAnswer(view: EntryView): AnswerText {
  const { entry, closure } = view;
  if (!closure) {
    throw new Error(`entry ${entry.id} has no closure to answer from`);
  }
  const results = resultsOf(view);
  const parts: Record<string, Json> = {
    question: entry.question,
    closure: {
      verdict: closure.verdict,
      reason: closure.reason,
      clause: closure.clause,
      detail: closure.detail,
      decidingFragmentId: closure.decidingFragmentId,
    },
    results: resultsJson(results),
  };
  const answer = (
    made: Assembled,
    assembledBy: string,
    note: string | null,
  ) => {
    if (note) {
      parts.note = note;
    }

    return {
      verdict: closure.verdict,
      reason: closure.reason,
      title: made.title ?? titleOf(closure, entry.question),
      text: made.text,
      parts: made.parts ? { ...parts, flow: made.parts } : parts,
      assembledBy,
      note,
    };
  };

  const flow = entry.metadata.flow;
  let note: string | null = null;
  if (typeof flow === "string") {
    const made = runAssembler(flow, { ...view, results });
    if ("text" in made) {
      return answer(made, `assembler:${flow}`, null);
    }
    note = made.note;
  }
  if (entry.template !== null && closure.verdict === "completed") {
    const rendered = renderTemplate(entry.template, {
      builtins: {
        question: entry.question,
        verdict: closure.verdict,
        reason: closure.reason,
        detail: closure.detail,
      },
      payloads: payloadsOf(results),
    });
    if (rendered.unknown.length > 0) {
      parts.unknownPlaceholders = rendered.unknown;
    }

    return answer({ text: partial(rendered.text, closure) }, "template", note);
  }
  if (entry.template !== null) {
    note ??= `the template was not used: the call ended ${closure.verdict}`;
  }
  const text = [
    `You asked: ${entry.question}`,
    outcomeSentence(closure),
    resultLines(results).join("\n"),
  ].join("\n\n");

  return answer({ text }, "default", note);
}

/** A template's text; a call completed at its deadline says so. */
function partial(text: string, closure: Closure): string {
  return closure.reason === "deadline"
    ? `${text}\n\n(${outcomeSentence(closure)})`
    : text;
}
