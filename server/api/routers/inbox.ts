import { z } from "zod";

import { watchInbox, type InboxChange } from "@/server/console/watch-inbox";
import { listInbox, markRead, unreadCount } from "@/server/delivery/inbox";

import { listen } from "../listen";
import { router, userProcedure } from "../trpc";

export const inboxRouter = router({
  list: userProcedure.query(({ ctx }) =>
    listInbox(ctx.runtime.db, ctx.user.email),
  ),

  unread: userProcedure.query(({ ctx }) =>
    unreadCount(ctx.runtime.db, ctx.user.email),
  ),

  markRead: userProcedure
    .input(z.object({ id: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) =>
      markRead(ctx.runtime, ctx.user.email, input.id),
    ),

  /**
   * My inbox as it changes: an answer delivered to it, or an item read
   * (in this tab or another). The client reads the list and count again.
   */
  changes: userProcedure.subscription(async function* ({ ctx, signal }) {
    const { registry, db } = ctx.runtime;
    yield* listen<InboxChange>(
      (push) => watchInbox(registry, db, ctx.user, push),
      signal,
    );
  }),
});
