import { adminRouter } from "./routers/admin";
import { approvalRouter } from "./routers/approval";
import { chatRouter } from "./routers/chat";
import { entryRouter } from "./routers/entry";
import { inboxRouter } from "./routers/inbox";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  admin: adminRouter,
  approval: approvalRouter,
  chat: chatRouter,
  entry: entryRouter,
  inbox: inboxRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
