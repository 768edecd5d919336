/** The list conventions: `?limit=` 1..100 (default 20), an opaque `cursor`, `{items, nextCursor}`. */
import * as z from 'zod/mini';

export const pageQueryShape = {
  // One pattern instead of a number pipeline: it refuses 0, 101, 1.5, 1e2 and 0x10 alike, and each
  // request pays one regex and one Number() for it.
  limit: z._default(
    z.pipe(
      z.string().check(z.regex(/^(?:100|[1-9][0-9]?)$/, 'must be a whole number from 1 to 100')),
      z.transform(Number),
    ),
    20,
  ),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
} as const;

export interface ListPage<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}
