import Link from "next/link";
import type { ReactNode } from "react";

/** A quiet line while data loads, announced to screen readers. */
export function Loading({ what }: { what: string }) {
  return (
    <p
      role="status"
      className="animate-pulse rounded-lg border border-dashed border-stone-300 px-4 py-6 text-center text-stone-500"
    >
      Loading {what}…
    </p>
  );
}

export function EmptyState({
  title,
  children,
}: {
  title: string;
  children?: ReactNode;
}) {
  return (
    <div className="rounded-lg border border-dashed border-stone-300 bg-white px-4 py-8 text-center">
      <p className="font-medium">{title}</p>
      {children ? (
        <div className="mt-1 text-sm text-stone-600">{children}</div>
      ) : null}
    </div>
  );
}

export function ErrorState({
  title,
  message,
  onRetry,
}: {
  title: string;
  message: string;
  onRetry?: () => void;
}) {
  return (
    <div className="rounded-lg border border-rose-200 bg-rose-50 px-4 py-4 text-rose-900">
      <p className="font-medium">{title}</p>
      <p className="mt-1 text-sm">{message}</p>
      {onRetry ? (
        <button
          type="button"
          onClick={onRetry}
          className="mt-3 rounded-md border border-rose-300 bg-white px-3 py-1.5 text-sm font-medium hover:border-rose-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-rose-900"
        >
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** What a signed-in person sees on a page their role may not use. */
export function NotAllowed({
  page,
  who,
  children,
}: {
  page: string;
  who: string;
  children?: ReactNode;
}) {
  return (
    <section
      aria-labelledby="not-allowed"
      className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-5 text-amber-950"
    >
      <h1 id="not-allowed" className="text-lg font-semibold">
        Not allowed
      </h1>
      <p className="mt-1">
        {page} is not open to you. {children}
      </p>
      <p className="mt-1 text-sm">You are signed in as {who}.</p>
      <Link
        href="/"
        className="mt-3 inline-block rounded-sm font-medium underline underline-offset-4 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-950"
      >
        Back to the start page
      </Link>
    </section>
  );
}

export function PageHeading({
  title,
  children,
}: {
  title: string;
  children?: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      {children ? <p className="text-stone-600">{children}</p> : null}
    </div>
  );
}
