import { z } from "zod";

import {
  listApprovals,
  getApproval,
  sessionActor,
} from "@/server/console/approvals";
import { decideApproval } from "@/server/console/decide-approval";
import {
  watchApprovals,
  type ApprovalChange,
} from "@/server/console/watch-approvals";
import { keySchema } from "@/server/registry/schemas";

import { listen } from "../listen";
import { approverProcedure, router } from "../trpc";

const target = z.object({ entryId: z.string().min(1).max(64), key: keySchema });

export const approvalRouter = router({
  list: approverProcedure.query(({ ctx }) =>
    listApprovals(ctx.runtime.db, ctx.user, Date.now()),
  ),

  get: approverProcedure
    .input(target)
    .query(({ ctx, input }) =>
      getApproval(ctx.runtime.db, ctx.user, input.entryId, input.key),
    ),

  decide: approverProcedure
    .input(
      target.extend({
        decision: z.enum(["approve", "reject"]),
        comment: z.string().max(2000).optional(),
        edited: z.string().min(1).max(20_000).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await decideApproval(
        ctx.runtime.registry,
        ctx.runtime.db,
        ctx.user,
        input,
      );
      ctx.log.info(
        { entryId: input.entryId, fragmentKey: input.key, ...result },
        "approval.decide",
      );

      return result;
    }),

  claim: approverProcedure.input(target).mutation(async ({ ctx, input }) => {
    getApproval(ctx.runtime.db, ctx.user, input.entryId, input.key);

    return ctx.runtime.registry.claimExpectation(input.entryId, input.key, {
      type: "user",
      ...sessionActor(ctx.user),
    });
  }),

  /**
   * Which approvals changed for me, as they commit: added, unblocked,
   * claimed, decided or cancelled. The client reads the list again.
   */
  changes: approverProcedure.subscription(async function* ({ ctx, signal }) {
    const { registry, db } = ctx.runtime;
    yield* listen<ApprovalChange>(
      (push) => watchApprovals(registry, db, ctx.user, push),
      signal,
    );
  }),
});
