"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { UnreadBadge } from "./unread-badge";

export interface NavLink {
  href: string;
  label: string;
  badge?: "unread";
}

/** The console's sections; the current one is marked for screen readers. */
export function NavLinks({ links }: { links: NavLink[] }) {
  const pathname = usePathname();

  return (
    <nav aria-label="Console" className="-mx-1 overflow-x-auto">
      <ul className="flex gap-1">
        {links.map((link) => {
          const current =
            pathname === link.href || pathname.startsWith(`${link.href}/`);

          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={current ? "page" : undefined}
                className="group flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium text-stone-700 hover:bg-stone-100 hover:text-stone-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-stone-900 aria-[current=page]:bg-stone-900 aria-[current=page]:text-white"
              >
                {link.label}
                {link.badge === "unread" ? <UnreadBadge /> : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
