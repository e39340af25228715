import type { Json } from "@/server/registry/types";

import type { EntryView } from "./records";
import type { KeyResult } from "./results";

export interface AssemblerInput extends EntryView {
  results: Record<string, KeyResult>;
}

export interface Assembled {
  title?: string;
  text: string;
  /** Extra JSON kept beside the standard parts, under `flow`. */
  parts?: Record<string, Json>;
}

/**
 * Builds the answer of one of the app's own flows, picked by the entry's
 * `metadata.flow`. It sees every entry of its flow whatever the verdict,
 * so it words rejections and failures itself. Synchronous: it runs inside
 * the completion's transaction.
 */
export type Assembler = (input: AssemblerInput) => Assembled;

const KEY = Symbol.for("docket.assemblers");
type Holder = typeof globalThis & { [KEY]?: Map<string, Assembler> };

// Kept on globalThis: Next bundles the worker and the code that registers
// flows separately, and both must see the same table.
function table(): Map<string, Assembler> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new Map();

  return holder[KEY];
}

/** Registers (or replaces) the assembler of a flow. */
export function registerAssembler(name: string, fn: Assembler): void {
  table().set(name, fn);
}

export function unregisterAssembler(name: string): void {
  table().delete(name);
}

export function assemblerNamed(name: string): Assembler | undefined {
  return table().get(name);
}

/**
 * Runs the flow's assembler; when there is none, or it throws, says why,
 * so the caller can fall back to the summary and note it.
 */
export function runAssembler(
  flow: string,
  input: AssemblerInput,
): Assembled | { note: string } {
  const assembler = assemblerNamed(flow);
  if (!assembler) {
    return { note: `no assembler is registered for flow "${flow}"` };
  }
  try {
    return assembler(input);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);

    return { note: `the assembler of flow "${flow}" failed: ${message}` };
  }
}
