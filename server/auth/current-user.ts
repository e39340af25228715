import { redirect } from "next/navigation";
import { cache } from "react";

import { getRuntime } from "@/server/runtime";

import { CONSOLE_PAGES, mayOpen, type ConsolePage } from "./access";
import { auth } from "./auth";
import { loadUser, type SessionUser } from "./users";

/** The signed-in user with their current role, read once per request. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = session?.user?.id;

  return id ? loadUser(getRuntime().db, id) : null;
});

/** The signed-in user; otherwise off to sign in, then back to `path`. */
export async function requireUser(path: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) {
    redirect(`/signin?next=${encodeURIComponent(path)}`);
  }

  return user;
}

/**
 * A path on this site to go to after signing in, or null. Only plain
 * relative paths pass, so the form cannot send anyone to another host.
 */
export function safeNext(value: unknown): string | null {
  if (typeof value !== "string" || !value.startsWith("/")) {
    return null;
  }
  if (value.startsWith("//") || value.startsWith("/\\")) {
    return null;
  }

  return value;
}

/**
 * The gate of a console page: signed in (or off to sign in), and whether
 * this person's role may use the page.
 */
export async function openPage(href: ConsolePage["href"], path: string) {
  const user = await requireUser(path);
  const page = CONSOLE_PAGES.find((p) => p.href === href);

  return {
    user,
    allowed: mayOpen(user.role, href),
    who: `${user.name} (${user.role})`,
    forWhom: page ? `It is for ${rolesInWords(page.roles)}.` : "",
  };
}

function rolesInWords(roles: readonly string[]): string {
  const plural = roles.map((role) => `${role}s`);
  if (plural.length < 2) {
    return plural.join("");
  }

  return `${plural.slice(0, -1).join(", ")} and ${plural.at(-1)}`;
}
