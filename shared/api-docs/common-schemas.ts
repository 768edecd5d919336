/** Schemas shared by many routes' documentation: errors, pages, health. */
import * as z from 'zod/mini';

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().check(z.meta({ example: 'validation_failed' })),
      message: z.string(),
      details: z
        .unknown()
        .check(z.meta({ description: 'Field-level details for 400s; null otherwise' })),
    }),
  })
  .check(z.meta({ id: 'Error' }));

export const healthSchema = z.object({ status: z.literal('ok') }).check(z.meta({ id: 'Health' }));

export function pageSchema(item: z.ZodMiniType, id: string): z.ZodMiniType {
  return z
    .object({
      items: z.array(item),
      nextCursor: z
        .nullable(z.string())
        .check(
          z.meta({ description: 'Pass as `?cursor=` for the next page; null on the last page' }),
        ),
    })
    .check(z.meta({ id }));
}
