"use client";

import { useActionState } from "react";

import { signInWithPassword, type SignInState } from "@/server/auth/actions";

const FIRST: SignInState = { error: null, email: "" };

export function SignInForm({ next }: { next: string | null }) {
  const [state, action, pending] = useActionState(signInWithPassword, FIRST);

  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        defaultValue={state.email}
        invalid={state.error !== null}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        invalid={state.error !== null}
      />
      <p
        id="sign-in-error"
        aria-live="polite"
        className="min-h-6 text-sm font-medium text-rose-700"
      >
        {state.error}
      </p>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-stone-900 px-4 py-2.5 font-medium text-white hover:bg-stone-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-stone-900 disabled:cursor-wait disabled:opacity-60"
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}

interface FieldProps {
  label: string;
  name: string;
  type: string;
  autoComplete: string;
  defaultValue?: string;
  invalid: boolean;
}

function Field({ label, name, invalid, ...input }: FieldProps) {
  return (
    <label className="flex flex-col gap-1.5 text-sm font-medium">
      {label}
      <input
        name={name}
        required
        aria-invalid={invalid}
        aria-describedby={invalid ? "sign-in-error" : undefined}
        className="rounded-md border border-stone-300 bg-white px-3 py-2 text-base font-normal focus-visible:border-stone-900 focus-visible:outline-2 focus-visible:outline-stone-900 aria-invalid:border-rose-600"
        {...input}
      />
    </label>
  );
}
