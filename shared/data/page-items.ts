/**
 * How a listing reads its items. A page goes back to the caller as it is and decides nothing, so
 * its items are projected to their schema's attributes (key and index attributes dropped) without
 * checking again the values our own writes checked; every read of one item, which feeds a decision
 * or a write (a role, a status, a version), is still parsed by its schema.
 */
import type * as z from 'zod/mini';

export type ItemReader<T> = (item: Record<string, unknown>) => T;

/** Parsing a page of 20 cost 40-55 µs of a warm request; projecting it costs a few (README, Performance). */
export function pageItemReader<S extends z.ZodMiniObject>(schema: S): ItemReader<z.output<S>> {
  const attributes = Object.keys(schema.shape);
  return (item) => {
    const projected: Record<string, unknown> = {};
    for (const name of attributes) {
      if (item[name] !== undefined) projected[name] = item[name];
    }
    return projected as z.output<S>;
  };
}
