import type { Route, RouteChoice, RouteInput } from "./routes";

export const DEFAULT_FALLBACK = ["inbox", "email"];

/**
 * The channels an answer falls back to when its origin cannot take it now:
 * the entry's `channel.fallback` list, by default inbox then email. Only
 * inbox and email can serve: each needs nothing but the requester.
 */
export function fallback(input: RouteInput, why: string): RouteChoice {
  const listed = input.entry.channel.fallback;
  const names = Array.isArray(listed)
    ? listed.map((name) => String(name))
    : DEFAULT_FALLBACK;
  const routes = names.map((name) => routeTo(input, name, why));
  const to = names.length > 0 ? names.join(" and ") : "no fallback";

  return {
    choice: names.join("+") || "none",
    reason: `${why}: the answer goes to ${to}`,
    routes,
  };
}

/** A route to the requester's inbox or email; other names are skipped. */
export function routeTo(
  input: RouteInput,
  name: string,
  reason: string,
): Route {
  const { requester } = input.entry;
  const email = input.emailOf(requester);
  if (name === "inbox") {
    return {
      channel: name,
      target: { userEmail: email ?? requester },
      reason,
      skip: null,
    };
  }
  if (name === "email") {
    const skip = email
      ? null
      : `the requester "${requester}" has no email address`;

    return { channel: name, target: { to: email }, reason, skip };
  }

  return {
    channel: name,
    target: {},
    reason,
    skip: `"${name}" cannot be a fallback: only inbox and email can`,
  };
}
