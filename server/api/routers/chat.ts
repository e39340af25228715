import { z } from "zod";

import { config } from "@/server/config";
import { callStatus, listThreads } from "@/server/console/chat";
import type { LiveEvent } from "@/server/delivery/live";
import { listThread } from "@/server/delivery/read";
import { askSpendRequest } from "@/server/flows/spend-request";
import { newId } from "@/server/registry/ids";

import { listen } from "../listen";
import { router, userProcedure } from "../trpc";

const thread = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "a thread id: letters, digits, _ and -");

export const chatRouter = router({
  threads: userProcedure.query(({ ctx }) =>
    listThreads(ctx.runtime.db, ctx.user.email),
  ),

  messages: userProcedure
    .input(z.object({ thread }))
    .query(({ ctx, input }) =>
      listThread(ctx.runtime.db, ctx.user.email, input.thread),
    ),

  status: userProcedure
    .input(z.object({ entryId: z.string().min(1).max(64) }))
    .query(({ ctx, input }) =>
      callStatus(ctx.runtime.db, ctx.user.email, input.entryId),
    ),

  ask: userProcedure
    .input(
      z.object({
        thread: thread.optional(),
        question: z.string().trim().min(1).max(2000),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const settings = config();
      const id = input.thread ?? newId("t");
      const { entryId } = await askSpendRequest(
        {
          ...ctx.runtime,
          log: ctx.log,
          agent: {
            url: settings.policyAgentUrl,
            token: settings.POLICY_AGENT_TOKEN,
            docketUrl: settings.publicUrl,
          },
        },
        { user: ctx.user, thread: id, question: input.question },
      );

      return { thread: id, entryId };
    }),

  /**
   * What happens in my threads as it happens. While it is open the user
   * counts as connected, so answers come here rather than to the inbox.
   */
  stream: userProcedure
    .input(z.object({ thread: thread.optional() }))
    .subscription(async function* ({ ctx, input, signal }) {
      const { live, presence } = ctx.runtime;
      const release = presence.connect(ctx.user.email, input.thread);
      try {
        yield* listen<LiveEvent>(
          (push) => live.subscribe(ctx.user.email, input.thread ?? null, push),
          signal,
        );
      } finally {
        release();
      }
    }),
});
