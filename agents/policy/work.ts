import { z } from "zod";

import { keySchema } from "@/server/registry/schemas";

import { CABINS } from "./rules";

const iata = z
  .string()
  .regex(/^[A-Za-z]{3}$/, "an IATA airport code: three letters")
  .transform((code) => code.toUpperCase());

export const tripSchema = z
  .object({
    from: iata,
    to: iata,
    date: z.iso.date(),
    priceUsd: z.number().positive().max(10_000_000),
    cabin: z.enum(CABINS).default("economy"),
    travellerEmail: z.email().optional(),
  })
  .strict();

/**
 * A request for a verdict, sent by the app. Strict, so a misspelt field is
 * a 400 at once instead of an option silently ignored.
 */
export const workSchema = z
  .object({
    // It becomes a path segment of Docket's URLs.
    entryId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    key: keySchema,
    /** An expectation to stream the reasoning text into, as chunks. */
    streamKey: keySchema.optional(),
    docketUrl: z.url({ protocol: /^https?$/ }),
    trip: tripSchema,
  })
  .strict();

export type Work = z.infer<typeof workSchema>;
export type Trip = z.infer<typeof tripSchema>;
