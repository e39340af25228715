import { Badge, toneOf } from "@/components/ui/badge";
import { clock } from "@/components/ui/time";
import type { Closure, Fragment } from "@/server/registry/types";

import { closureSentence } from "./closure-sentence";
import { REASON_WORDS } from "./words";

/** Why the call closed when it did, in one sentence and its parts. */
export function ClosurePanel({
  closure,
  fragments,
}: {
  closure: Closure;
  fragments: Fragment[];
}) {
  return (
    <section
      aria-labelledby="closure"
      className="flex flex-col gap-2 rounded-lg border border-stone-200 bg-white p-4"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="closure" className="text-lg font-semibold">
          Why it closed
        </h2>
        <Badge tone={toneOf(closure.verdict)}>{closure.verdict}</Badge>
      </div>
      <p className="text-base leading-relaxed">
        {closureSentence(closure, fragments)}
      </p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm text-stone-600">
        <dt>Reason</dt>
        <dd>{REASON_WORDS[closure.reason] ?? closure.reason}</dd>
        {closure.clause ? (
          <>
            <dt>Clause</dt>
            <dd className="font-mono text-xs leading-5">{closure.clause}</dd>
          </>
        ) : null}
        <dt>Detail</dt>
        <dd>{closure.detail}</dd>
        <dt>At</dt>
        <dd>{clock(closure.closedAt)}</dd>
      </dl>
    </section>
  );
}
