import type { ButtonHTMLAttributes } from "react";

const VARIANTS = {
  primary:
    "border-stone-900 bg-stone-900 text-white hover:bg-stone-700 focus-visible:outline-stone-900",
  approve:
    "border-emerald-700 bg-emerald-700 text-white hover:bg-emerald-800 focus-visible:outline-emerald-800",
  reject:
    "border-rose-700 bg-white text-rose-800 hover:bg-rose-50 focus-visible:outline-rose-800",
  quiet:
    "border-stone-300 bg-white text-stone-800 hover:border-stone-500 focus-visible:outline-stone-900",
} as const;

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: keyof typeof VARIANTS;
};

/** A real button (type="button" unless told), dimmed while disabled. */
export function Button({ variant = "quiet", className, ...props }: Props) {
  return (
    <button
      type="button"
      className={`rounded-md border px-3 py-1.5 text-sm font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed disabled:opacity-50 ${VARIANTS[variant]} ${className ?? ""}`}
      {...props}
    />
  );
}
