import { z } from "zod";

import { listEntries } from "@/server/console/entries";
import {
  publicChannel,
  publicEventData,
} from "@/server/registry/public-channel";

import { adminProcedure, router } from "../trpc";

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

  get: adminProcedure
    .input(z.object({ id: z.string().min(1).max(64) }))
    .query(async ({ ctx, input }) => {
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
});
