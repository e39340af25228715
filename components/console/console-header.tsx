import Link from "next/link";

import type { SessionUser } from "@/server/auth/users";

import { NavLinks, type NavLink } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

interface Props {
  user: SessionUser | null;
  links: NavLink[];
}

export function ConsoleHeader({ user, links }: Props) {
  return (
    <header className="border-b border-stone-200 bg-white">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-10 focus:rounded-md focus:bg-stone-900 focus:px-3 focus:py-2 focus:text-white"
      >
        Skip to content
      </a>
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link
          href="/"
          className="rounded-sm text-lg font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-stone-900"
        >
          Docket
        </Link>
        <div className="order-last w-full sm:order-none sm:w-auto">
          <NavLinks links={links} />
        </div>
        {user ? <SignedIn user={user} /> : null}
      </div>
    </header>
  );
}

function SignedIn({ user }: { user: SessionUser }) {
  return (
    <div className="ml-auto flex items-center gap-3">
      <p className="text-right text-sm leading-tight">
        <span className="block font-medium">{user.name}</span>
        <span className="block text-stone-500">
          {user.email} · {user.role}
        </span>
      </p>
      <SignOutButton />
    </div>
  );
}
