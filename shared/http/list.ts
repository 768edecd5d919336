/** The list conventions: `?limit=` 1..100 (default 20), an opaque `cursor`, `{items, nextCursor}`. */
import * as z from 'zod/mini';

export const pageQueryShape = {
  limit: z.pipe(
    z.optional(
      z.pipe(
        z.pipe(
          z.string().check(z.regex(/^[0-9]{1,3}$/, 'must be a whole number from 1 to 100')),
          z.transform(Number),
        ),
        z.number().check(z.int(), z.gte(1), z.lte(100)),
      ),
    ),
    z.transform((limit: number | undefined) => limit ?? 20),
  ),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
} as const;

export interface ListPage<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}
