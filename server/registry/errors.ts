/**
 * The registry's errors. Each edge (HTTP, tRPC) maps them once to its own
 * status codes; anything else is an internal error.
 */
const BRAND = Symbol.for("docket.domain-error");

export class DomainError extends Error {
  readonly [BRAND] = true;

  /**
   * Next bundles route handlers and the instrumentation hook apart, each
   * with its own copy of this class, while errors come from the one shared
   * runtime: the base class is recognised by a global brand instead.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== DomainError) {
      return Function.prototype[Symbol.hasInstance].call(this, value);
    }

    return typeof value === "object" && value !== null && BRAND in value;
  }

  constructor(
    readonly code:
      "invalid" | "not_found" | "conflict" | "forbidden" | "payload_too_large",
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("invalid", message, details);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("not_found", message, details);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("conflict", message, details);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("forbidden", message, details);
  }
}

/** Something would grow past a configured size; nothing of it is kept. */
export class TooLargeError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("payload_too_large", message, details);
  }
}

/** A schema's issues as every refusal reports them: a dotted path each. */
export function issuesOf(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}) {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
}
