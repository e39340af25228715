import type { Json } from "@/server/registry/types";

export interface TemplateValues {
  /** `question`, `verdict`, `reason`, `detail`. */
  builtins: Record<string, string>;
  /** Each expectation's payload; undefined when nothing arrived for it. */
  payloads: Record<string, Json | undefined>;
}

export interface Rendered {
  text: string;
  /** Placeholders that named nothing; they rendered as empty text. */
  unknown: string[];
}

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/**
 * Fills `{{name}}` placeholders: a builtin, an expectation's payload
 * (`{{budget}}`) or a field inside it (`{{budget.limits.0}}`). Strings go
 * in as they are, anything else as JSON.
 */
export function renderTemplate(
  template: string,
  values: TemplateValues,
): Rendered {
  const unknown: string[] = [];
  const text = template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = lookup(name, values);
    if (value === undefined && !unknown.includes(name)) {
      unknown.push(name);
    }

    return value ?? "";
  });

  return { text, unknown };
}

function lookup(name: string, values: TemplateValues): string | undefined {
  if (Object.hasOwn(values.builtins, name)) {
    return values.builtins[name];
  }
  // Keys may contain dots themselves: the longest key that starts the
  // name wins, and the rest is a path into its payload.
  const segments = name.split(".");
  for (let cut = segments.length; cut >= 1; cut--) {
    const key = segments.slice(0, cut).join(".");
    if (!Object.hasOwn(values.payloads, key)) {
      continue;
    }
    const payload = values.payloads[key];
    if (payload === undefined) {
      return "";
    }
    const field = dig(payload, segments.slice(cut));

    return field === undefined ? undefined : show(field);
  }

  return undefined;
}

function dig(value: Json, path: string[]): Json | undefined {
  let here: Json | undefined = value;
  for (const step of path) {
    if (Array.isArray(here) && /^\d+$/.test(step)) {
      here = here[Number(step)];
    } else if (here && typeof here === "object" && !Array.isArray(here)) {
      here = Object.hasOwn(here, step) ? here[step] : undefined;
    } else {
      return undefined;
    }
  }

  return here;
}

/** A payload as text: strings as they are, null as nothing, else JSON. */
export function show(value: Json): string {
  if (typeof value === "string") {
    return value;
  }

  return value === null ? "" : JSON.stringify(value);
}
