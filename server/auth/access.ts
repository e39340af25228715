import type { Role } from "./users";

const EVERYONE = ["user", "approver", "admin"] as const;

/**
 * The console's pages and the roles that may open them. The layout builds
 * the navigation from it and each page checks it on the server. A role's
 * first page is where it lands, so the work of approvers and admins comes
 * before the chat and inbox everyone has.
 */
export const CONSOLE_PAGES = [
  { href: "/approvals", label: "Approvals", roles: ["approver", "admin"] },
  { href: "/calls", label: "Calls", roles: ["admin"] },
  { href: "/admin", label: "Admin", roles: ["admin"] },
  { href: "/chat", label: "Chat", roles: EVERYONE },
  { href: "/inbox", label: "Inbox", roles: EVERYONE, badge: "unread" },
] as const satisfies readonly {
  href: string;
  label: string;
  roles: readonly Role[];
  /** A count shown beside the link. */
  badge?: "unread";
}[];

export type ConsolePage = (typeof CONSOLE_PAGES)[number];

export function pagesFor(role: Role): ConsolePage[] {
  return CONSOLE_PAGES.filter((page) =>
    (page.roles as readonly Role[]).includes(role),
  );
}

export function mayOpen(role: Role, href: ConsolePage["href"]): boolean {
  return pagesFor(role).some((page) => page.href === href);
}

/** Where a person lands after signing in without a page in mind. */
export function homeFor(role: Role): string {
  return pagesFor(role)[0]?.href ?? "/";
}
