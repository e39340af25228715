import type { Json } from "@/server/registry/types";

/** A result as people read it: text as text, anything else as JSON. */
export function JsonView({ value }: { value: Json }) {
  const text =
    typeof value === "string" ? value : JSON.stringify(value, null, 2);

  return (
    <pre className="max-h-48 overflow-auto rounded-md bg-stone-100 px-3 py-2 font-mono text-xs leading-relaxed break-words whitespace-pre-wrap text-stone-800">
      {text}
    </pre>
  );
}
