import type { EntryView } from "./records";
import { payloadsOf, resultsOf } from "./results";
import { renderTemplate } from "./template";
import { resultLines } from "./wording";

/**
 * The answer as it would read from what has arrived so far, for an
 * approver deciding before the call is complete: the entry's template
 * when it has one, else a line per result that is in.
 */
export function draftOf(view: EntryView): string {
  const results = resultsOf(view);
  if (view.entry.template !== null) {
    return renderTemplate(view.entry.template, {
      builtins: { question: view.entry.question },
      payloads: payloadsOf(results),
    }).text;
  }
  const arrived = Object.fromEntries(
    Object.entries(results).filter(([, r]) => r.outcome !== null),
  );
  const lines = resultLines(arrived);

  return lines.length > 0 ? lines.join("\n") : "Nothing has arrived yet.";
}
