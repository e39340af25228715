import { adminRouter } from "./routers/admin";
import { approvalRouter } from "./routers/approval";
import { entryRouter } from "./routers/entry";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  admin: adminRouter,
  approval: approvalRouter,
  entry: entryRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
