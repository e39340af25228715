import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";

import type { Role, SessionUser } from "@/server/auth/users";
import { logger, type Logger } from "@/server/logger";
import { DomainError } from "@/server/registry/errors";
import type { Runtime } from "@/server/runtime";

/** What procedures use of the runtime; tests pass their own. */
export type ConsoleRuntime = Pick<
  Runtime,
  "db" | "registry" | "live" | "presence" | "dataDir" | "mailKind"
>;

export interface Context {
  runtime: ConsoleRuntime;
  user: SessionUser | null;
  log: Logger;
}

/** The context of one call, for the signed-in user (or nobody). */
export function contextFor(
  runtime: ConsoleRuntime,
  user: SessionUser | null,
): Context {
  const log = logger.child({ userId: user?.id ?? null });

  return { runtime, user, log };
}

const t = initTRPC.context<Context>().create({ transformer: superjson });

const TRPC_CODES = {
  invalid: "BAD_REQUEST",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  forbidden: "FORBIDDEN",
  payload_too_large: "PAYLOAD_TOO_LARGE",
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
