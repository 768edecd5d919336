/** Schemas shared by many routes' documentation: errors, pages, health. */
import * as z from 'zod';

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'validation_failed' }),
      message: z.string(),
      details: z.unknown().meta({ description: 'Field-level details for 400s; null otherwise' }),
    }),
  })
  .meta({ id: 'Error' });

export const healthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

export function pageSchema(item: z.ZodType, id: string): z.ZodType {
  return z
    .object({
      items: z.array(item),
      nextCursor: z
        .string()
        .nullable()
        .meta({ description: 'Pass as `?cursor=` for the next page; null on the last page' }),
    })
    .meta({ id });
}
