/** Schemas shared by many routes' documentation: errors, pages, health, the document itself. */
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

export const readinessSchema = z
  .object({ status: z.literal('ready'), checks: z.object({ dynamodb: z.literal('ok') }) })
  .check(z.meta({ id: 'Readiness' }));

/** One page of a list: `{items, nextCursor}`, named `id` in the document. */
export function pageSchema<T extends z.ZodMiniType>(item: T, id: string) {
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

/** The OpenAPI document route's answer: described by the OpenAPI standard, not restated here. */
export const openApiDocumentSchema = z
  .looseObject({ openapi: z.literal('3.1.0') })
  .check(z.meta({ id: 'OpenApiDocument', description: 'An OpenAPI 3.1 document' }));
