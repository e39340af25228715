import { z } from "zod";

import { listInbox, markRead, unreadCount } from "@/server/delivery/inbox";

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
      markRead(ctx.runtime.db, ctx.user.email, input.id),
    ),
});
