"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { redirect } from "next/navigation";

import { getRuntime } from "@/server/runtime";

import { homeFor } from "./access";
import { signIn, signOut } from "./auth";
import { safeNext } from "./current-user";
import { loadUserByEmail } from "./users";

export interface SignInState {
  error: string | null;
  email: string;
}

/**
 * Signs in with email and password. Auth.js is told not to redirect: it
 * would build an absolute URL from a host name the browser may not use,
 * and the cookie would be lost on the way. We redirect to a relative path.
 */
export async function signInWithPassword(
  _previous: SignInState,
  form: FormData,
): Promise<SignInState> {
  const email = String(form.get("email") ?? "").trim();
  const password = String(form.get("password") ?? "");
  const next = safeNext(form.get("next"));
  if (!email || !password) {
    return { error: "Enter your email and your password.", email };
  }

  try {
    await signIn("credentials", {
      email,
      password,
      redirect: false,
      redirectTo: next ?? "/",
    });
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      return { error: "That email and password do not match.", email };
    }
    if (error instanceof AuthError) {
      return { error: "Signing in failed. Try again in a moment.", email };
    }
    throw error;
  }

  const user = loadUserByEmail(getRuntime().db, email);
  redirect(next ?? homeFor(user?.role ?? "user"));
}

/** Signs out; a `next` path carries over so one can sign in as another. */
export async function signOutNow(form: FormData): Promise<void> {
  const next = safeNext(form.get("next"));
  await signOut({ redirect: false });
  redirect(next ? `/signin?next=${encodeURIComponent(next)}` : "/signin");
}
