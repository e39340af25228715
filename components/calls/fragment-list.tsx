import { Badge, toneOf } from "@/components/ui/badge";
import { JsonView } from "@/components/ui/json-view";
import { duration, preciseClock } from "@/components/ui/time";
import type { Fragment } from "@/server/registry/types";

import { senderOf } from "./words";

export function FragmentList({ fragments }: { fragments: Fragment[] }) {
  return (
    <section aria-labelledby="fragments" className="flex flex-col gap-3">
      <h2 id="fragments" className="text-lg font-semibold">
        Fragments
      </h2>
      {fragments.length === 0 ? (
        <p className="text-sm text-stone-500">Nothing has arrived yet.</p>
      ) : (
        <ul className="flex flex-col gap-2">
          {fragments.map((f) => (
            <li
              key={f.id}
              className="flex flex-col gap-2 rounded-lg border border-stone-200 bg-white p-3"
            >
              <p className="flex flex-wrap items-center gap-2 text-sm">
                <span className="font-mono font-medium">{f.key}</span>
                <Badge tone={toneOf(f.outcome)}>{f.outcome}</Badge>
                <Badge tone={toneOf(f.disposition)}>
                  {f.disposition}
                  {f.lateByMs !== null ? ` by ${duration(f.lateByMs)}` : ""}
                </Badge>
                {f.definitive ? <Badge tone="info">definitive</Badge> : null}
                <span className="text-xs text-stone-500">
                  {preciseClock(f.receivedAt)}
                  {senderOf(f) ? ` · from ${senderOf(f)}` : ""}
                </span>
              </p>
              {f.payload !== null ? <JsonView value={f.payload} /> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
