import { z } from "zod";

import { listEntries } from "@/server/console/entries";
import { watchEntry } from "@/server/console/watch-entry";
import {
  publicChannel,
  publicEventData,
} from "@/server/registry/public-channel";

import { listen } from "../listen";
import { adminProcedure, router } from "../trpc";

const entryId = z.object({ id: z.string().min(1).max(64) });

const reasons = [
  "criterion_met",
  "definitive",
  "vetoed",
  "deadline",
  "unsatisfiable",
  "cancelled",
] as const;

export const entryRouter = router({
  list: adminProcedure
    .input(
      z.object({
        state: z.enum(["open", "closed"]).optional(),
        reason: z.enum(reasons).optional(),
        kind: z.string().max(64).optional(),
        olderThanMs: z.number().int().min(0).optional(),
        newerThanMs: z.number().int().min(0).optional(),
        id: z.string().max(64).optional(),
        limit: z.number().int().min(1).max(200).default(50),
        cursor: z.string().max(64).optional(),
      }),
    )
    .query(({ ctx, input }) => {
      const page = listEntries(ctx.runtime.db, input, Date.now());

      return {
        ...page,
        items: page.items.map((item) => ({
          ...item,
          channel: publicChannel(item.channel),
        })),
      };
    }),

  get: adminProcedure.input(entryId).query(async ({ ctx, input }) => {
    const { registry } = ctx.runtime;
    const record = await registry.getEntry(input.id);
    const timeline = await registry.getTimeline(input.id, 0, 5000);
    const entry = {
      ...record.entry,
      channel: publicChannel(record.entry.channel),
    };

    return {
      ...record,
      entry,
      timeline: timeline.map((event) => ({
        ...event,
        data: publicEventData(event.type, event.data) as typeof event.data,
      })),
    };
  }),

  /**
   * The entry's timeline rows as they commit: arrivals, the closure,
   * deliveries. A missing entry is refused before the stream opens. The
   * client reads the entry again on each.
   */
  changes: adminProcedure
    .input(entryId)
    .subscription(({ ctx, input, signal }) => {
      const { registry, db } = ctx.runtime;
      const follow = watchEntry(registry, db, ctx.user, input.id);

      return listen(follow, signal);
    }),
});
