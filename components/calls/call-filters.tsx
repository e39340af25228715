import Link from "next/link";
import type { ReactNode } from "react";

import { REASON_WORDS } from "./words";
import { AGES, KINDS, REASONS, STATES, type CallFilters } from "./filters";

const CONTROL =
  "w-full rounded-md border border-stone-300 bg-white px-2.5 py-1.5 text-sm focus-visible:border-stone-900 focus-visible:outline-2 focus-visible:outline-stone-900";

/** A plain GET form: the filters live in the URL and survive a reload. */
export function CallFiltersForm({ filters }: { filters: CallFilters }) {
  return (
    <form
      method="get"
      action="/calls"
      aria-label="Filter calls"
      className="grid grid-cols-2 gap-3 rounded-lg border border-stone-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6"
    >
      <Field label="State">
        <select name="state" defaultValue={filters.state} className={CONTROL}>
          <option value="">Any state</option>
          {STATES.map((state) => (
            <option key={state} value={state}>
              {state}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Closed because">
        <select name="reason" defaultValue={filters.reason} className={CONTROL}>
          <option value="">Any reason</option>
          {REASONS.map((reason) => (
            <option key={reason} value={reason}>
              {REASON_WORDS[reason]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Participant kind">
        <input
          name="kind"
          list="participant-kinds"
          defaultValue={filters.kind}
          placeholder="any"
          className={CONTROL}
        />
        <datalist id="participant-kinds">
          {KINDS.map((kind) => (
            <option key={kind} value={kind} />
          ))}
        </datalist>
      </Field>
      <Field label="Age">
        <select name="age" defaultValue={filters.age} className={CONTROL}>
          <option value="">Any age</option>
          {Object.entries(AGES).map(([value, age]) => (
            <option key={value} value={value}>
              {age.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Entry id">
        <input
          name="id"
          defaultValue={filters.id}
          placeholder="whole or part"
          spellCheck={false}
          className={`${CONTROL} font-mono`}
        />
      </Field>
      <div className="col-span-2 flex items-end gap-2 sm:col-span-1">
        <button
          type="submit"
          className="rounded-md bg-stone-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-stone-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-stone-900"
        >
          Filter
        </button>
        <Link
          href="/calls"
          className="rounded-md px-2 py-1.5 text-sm font-medium text-stone-600 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-stone-900"
        >
          Clear
        </Link>
      </div>
    </form>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="flex min-w-0 flex-col gap-1 text-xs font-medium text-stone-600">
      {label}
      {children}
    </label>
  );
}
