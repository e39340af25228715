import { signOutNow } from "@/server/auth/actions";

/** Signs out; with `next`, the sign-in page leads back there afterwards. */
export function SignOutButton({
  next,
  label = "Sign out",
}: {
  next?: string;
  label?: string;
}) {
  return (
    <form action={signOutNow}>
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <button
        type="submit"
        className="rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium whitespace-nowrap hover:border-stone-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-stone-900"
      >
        {label}
      </button>
    </form>
  );
}
