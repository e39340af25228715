import type { Metadata } from "next";
import Link from "next/link";

import { SignOutButton } from "@/components/console/sign-out-button";
import { homeFor } from "@/server/auth/access";
import { currentUser, safeNext } from "@/server/auth/current-user";
import type { SessionUser } from "@/server/auth/users";

import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in · Docket" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const next = safeNext((await searchParams).next);
  const user = await currentUser();

  return (
    <main className="mx-auto flex max-w-sm flex-col gap-6 px-5 py-16 sm:py-24">
      <div className="flex flex-col gap-2">
        <Link
          href="/"
          className="self-start rounded-sm text-sm font-medium text-stone-500 hover:text-stone-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-stone-900"
        >
          Docket
        </Link>
        <h1 className="text-3xl font-semibold tracking-tight">Sign in</h1>
        <p className="text-stone-600">
          With the email and password your Docket admin gave you.
        </p>
      </div>
      {user ? (
        <SignedInAlready user={user} next={next} />
      ) : (
        <SignInForm next={next} />
      )}
    </main>
  );
}

function SignedInAlready({
  user,
  next,
}: {
  user: SessionUser;
  next: string | null;
}) {
  return (
    <div className="flex flex-col gap-3 rounded-lg border border-stone-200 bg-white px-4 py-4">
      <p>
        You are signed in as <strong>{user.name}</strong> ({user.email}).
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <Link
          href={next ?? homeFor(user.role)}
          className="rounded-md bg-stone-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-stone-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-stone-900"
        >
          Continue
        </Link>
        <SignOutButton
          next={next ?? undefined}
          label="Sign out to switch accounts"
        />
      </div>
    </div>
  );
}
