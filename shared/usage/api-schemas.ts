/** GET /v1/usage's response schema. */
import * as z from 'zod/mini';
import { planNameSchema } from '#shared/tenants/plans.ts';

const allowanceSchema = z
  .object({
    used: z.number().check(z.int()),
    limit: z.number(),
    remaining: z
      .number()
      .check(z.meta({ description: 'Never below 0: over a lower plan, what is held is kept' })),
  })
  .check(z.meta({ id: 'Allowance' }));

export const usageViewSchema = z
  .object({
    plan: planNameSchema,
    period: z.object({
      month: z.string().check(z.meta({ example: '2026-12' })),
      start: z.string().check(z.meta({ format: 'date-time' })),
      end: z.string().check(z.meta({ format: 'date-time' })),
    }),
    requests: allowanceSchema,
    seats: allowanceSchema,
    projects: allowanceSchema,
    webhooks: allowanceSchema,
    counters: z.record(z.string(), z.number()).check(
      z.meta({
        description: "The month's other counters as jobs record them, e.g. exports, exportedItems",
      }),
    ),
  })
  .check(z.meta({ id: 'Usage' }));
