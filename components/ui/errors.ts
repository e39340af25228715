import { TRPCClientError } from "@trpc/client";

/** The tRPC code of an error (`FORBIDDEN`, `NOT_FOUND`, …), if it has one. */
export function errorCode(error: unknown): string | null {
  if (error instanceof TRPCClientError) {
    const data: unknown = error.data;
    if (data && typeof data === "object" && "code" in data) {
      return String(data.code);
    }
  }

  return null;
}

const FINAL = new Set([
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "BAD_REQUEST",
  "CONFLICT",
]);

/** Errors that asking again will not change. */
export function isFinalError(error: unknown): boolean {
  return FINAL.has(errorCode(error) ?? "");
}

/** A sentence for a failed call; the server's message when it has one. */
export function errorMessage(error: unknown): string {
  if (errorCode(error) === "UNAUTHORIZED") {
    return "You are signed out. Reload the page to sign in again.";
  }
  if (error instanceof Error && error.message) {
    return error.message;
  }

  return "Something went wrong.";
}
