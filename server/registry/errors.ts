/**
 * The registry's errors. Each edge (HTTP, tRPC) maps them once to its own
 * status codes; anything else is an internal error.
 */
export class DomainError extends Error {
  constructor(
    readonly code: "invalid" | "not_found" | "conflict" | "forbidden",
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
