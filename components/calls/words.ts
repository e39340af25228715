import { clock, duration, preciseClock } from "@/components/ui/time";
import type { Fragment, Json } from "@/server/registry/types";

/** "budget, policy and approval". */
export function listWords(items: readonly string[]): string {
  if (items.length < 2) {
    return items.join("");
  }

  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

export const REASON_WORDS: Record<string, string> = {
  criterion_met: "criterion met",
  definitive: "definitive answer",
  vetoed: "vetoed",
  deadline: "deadline",
  unsatisfiable: "could not complete",
  cancelled: "cancelled",
};

/** Who sent a fragment: the person in a human decision, else its source. */
export function senderOf(fragment: Pick<Fragment, "payload" | "source">) {
  const by = objectAt(fragment.payload, "by");
  const name = by?.name ?? by?.email;
  if (typeof name === "string" && name) {
    return name;
  }

  return fragment.source ? fragment.source.replace(/^user:/, "") : null;
}

/**
 * "the approval by Ana at 14:07" for a person's decision, "the budget
 * result from billing at 14:07" for anything else.
 */
export function fragmentWords(
  fragment: Pick<Fragment, "key" | "payload" | "source" | "receivedAt">,
  now: number,
): string {
  const at = clock(fragment.receivedAt, now);
  const person = objectAt(fragment.payload, "by");
  const who = senderOf(fragment);
  if (person && who) {
    return `the ${fragment.key} by ${who} at ${at}`;
  }
  const from = who ? ` from ${who}` : "";

  return `the ${fragment.key} result${from} at ${at}`;
}

function objectAt(value: Json, key: string): Record<string, Json> | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return null;
  }
  const found = value[key];

  return found && typeof found === "object" && !Array.isArray(found)
    ? found
    : null;
}

/** A short line of an event's data: "key budget · outcome ok". */
export function summariseData(data: Record<string, Json>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(data)) {
    if (value === null || name === "fragmentId" || name === "clausePath") {
      continue;
    }
    if (Array.isArray(value) && value.length === 0) {
      continue;
    }
    const text = valueWords(name, value);
    parts.push(`${name} ${text.length > 80 ? `${text.slice(0, 77)}…` : text}`);
  }

  return parts.join(" · ");
}

/** Times as clock times, spans as durations, the rest as JSON. */
function valueWords(name: string, value: Json): string {
  if (typeof value === "number" && name.endsWith("At")) {
    return preciseClock(value);
  }
  if (typeof value === "number" && name.endsWith("Ms")) {
    return duration(value);
  }

  return typeof value === "string" ? value : JSON.stringify(value);
}
