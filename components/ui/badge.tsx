import type { ReactNode } from "react";

const TONES = {
  neutral: "bg-stone-100 text-stone-700 ring-stone-300",
  waiting: "bg-amber-50 text-amber-900 ring-amber-300",
  good: "bg-emerald-50 text-emerald-900 ring-emerald-300",
  bad: "bg-rose-50 text-rose-900 ring-rose-300",
  info: "bg-sky-50 text-sky-900 ring-sky-300",
} as const;

export type Tone = keyof typeof TONES;

export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <span
      className={`inline-flex w-fit items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${TONES[tone]}`}
    >
      {children}
    </span>
  );
}

/** The tone of an outcome or a state word. */
export function toneOf(word: string | null | undefined): Tone {
  switch (word) {
    case "ok":
    case "resolved":
    case "completed":
    case "accepted":
      return "good";
    case "negative":
    case "error":
    case "failed":
    case "rejected":
    case "timed_out":
      return "bad";
    case "waiting":
    case "blocked":
    case "streaming":
    case "open":
      return "waiting";
    default:
      return "neutral";
  }
}
