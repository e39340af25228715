import { auth } from "@/server/auth/auth";
import { loadUser } from "@/server/auth/users";
import { getRuntime } from "@/server/runtime";

import { contextFor } from "./trpc";

/** The tRPC context of a request: the session's user, read afresh. */
export async function createContext() {
  const runtime = getRuntime();
  const session = await auth();
  const id = session?.user?.id;

  return contextFor(runtime, id ? loadUser(runtime.db, id) : null);
}
