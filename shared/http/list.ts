/** The list conventions: `?limit=` 1..100 (default 20), an opaque `cursor`, `{items, nextCursor}`. */
import * as z from 'zod';

export const pageQueryShape = {
  limit: z
    .string()
    .regex(/^[0-9]{1,3}$/, 'must be a whole number from 1 to 100')
    .transform(Number)
    .pipe(z.number().int().min(1).max(100))
    .optional()
    .transform((limit) => limit ?? 20),
  cursor: z.string().min(1).max(2048).optional(),
} as const;

export interface ListPage<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}
