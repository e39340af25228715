import type { ReactNode } from "react";

import { ConsoleHeader } from "@/components/console/console-header";
import { pagesFor } from "@/server/auth/access";
import { currentUser } from "@/server/auth/current-user";

/** Every console page: the header with its sections, then the page. */
export default async function ConsoleLayout({
  children,
}: {
  children: ReactNode;
}) {
  const user = await currentUser();
  const links = user
    ? pagesFor(user.role).map((page) => ({
        href: page.href,
        label: page.label,
        badge: "badge" in page ? page.badge : undefined,
      }))
    : [];

  return (
    <>
      <ConsoleHeader user={user} links={links} />
      <main
        id="main"
        tabIndex={-1}
        className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-6 focus:outline-none sm:px-6 sm:py-8"
      >
        {children}
      </main>
    </>
  );
}
