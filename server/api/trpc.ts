import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";

import { auth } from "@/server/auth/auth";
import { loadUser, type Role, type SessionUser } from "@/server/auth/users";
import { logger } from "@/server/logger";
import { DomainError } from "@/server/registry/errors";
import { getRuntime } from "@/server/runtime";

export async function createContext(opts: { headers: Headers }) {
  const runtime = getRuntime();
  const session = await auth();
  const user = session?.user?.id ? loadUser(runtime.db, session.user.id) : null;
  const log = logger.child({ userId: user?.id ?? null });

  return { runtime, user, log, headers: opts.headers };
}

export type Context = Awaited<ReturnType<typeof createContext>>;

const t = initTRPC.context<Context>().create({ transformer: superjson });

const TRPC_CODES = {
  invalid: "BAD_REQUEST",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  forbidden: "FORBIDDEN",
} as const;

/** Domain errors become tRPC errors here, once; others keep their cause. */
const mapErrors = t.middleware(async ({ next, ctx, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof DomainError) {
      throw new TRPCError({
        code: TRPC_CODES[cause.code],
        message: cause.message,
        cause,
      });
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR") {
      ctx.log.error({ err: cause ?? result.error, path }, "trpc.failed");
    }
  }

  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapErrors);

const requireRole = (roles: Role[]) =>
  t.middleware(({ ctx, next }) => {
    if (!ctx.user) {
      throw new TRPCError({ code: "UNAUTHORIZED", message: "sign in first" });
    }
    if (!roles.includes(ctx.user.role)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `this needs the ${roles.join(" or ")} role`,
      });
    }

    return next({ ctx: { ...ctx, user: ctx.user as SessionUser } });
  });

export const userProcedure = publicProcedure.use(
  requireRole(["user", "approver", "admin"]),
);
export const approverProcedure = publicProcedure.use(
  requireRole(["approver", "admin"]),
);
export const adminProcedure = publicProcedure.use(requireRole(["admin"]));
