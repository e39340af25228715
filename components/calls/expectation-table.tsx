import { Badge, toneOf } from "@/components/ui/badge";
import { clock } from "@/components/ui/time";
import type { Expectation } from "@/server/registry/types";

export function ExpectationTable({
  expectations,
}: {
  expectations: Expectation[];
}) {
  return (
    <section aria-labelledby="expectations" className="flex flex-col gap-3">
      <h2 id="expectations" className="text-lg font-semibold">
        Expectations
      </h2>
      <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
        <table className="w-full min-w-[36rem] text-left text-sm">
          <thead className="bg-stone-50 text-xs text-stone-600">
            <tr>
              <th className="px-3 py-2 font-medium">Key</th>
              <th className="px-3 py-2 font-medium">Kind</th>
              <th className="px-3 py-2 font-medium">State</th>
              <th className="px-3 py-2 font-medium">After</th>
              <th className="px-3 py-2 font-medium">Who</th>
              <th className="px-3 py-2 font-medium">Timeout</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {expectations.map((e) => (
              <tr key={e.key}>
                <td className="px-3 py-2 font-mono">
                  {e.key}
                  {e.required ? "" : " (optional)"}
                </td>
                <td className="px-3 py-2">{e.kind}</td>
                <td className="px-3 py-2">
                  <Badge tone={toneOf(e.state)}>
                    {e.state.replace("_", " ")}
                  </Badge>
                </td>
                <td className="px-3 py-2">{e.after.join(", ") || "—"}</td>
                <td className="px-3 py-2">{e.assignee ?? "—"}</td>
                <td className="px-3 py-2">
                  {e.timeoutAt === null ? "—" : clock(e.timeoutAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
