/** The list query convention: `?limit=` is a whole number from 1 to 100, 20 when absent. */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { pageQueryShape } from '#shared/http/list.ts';
import '#shared/validation/english-messages.ts';

const pageQuery = z.strictObject(pageQueryShape);

describe('list query', () => {
  it('reads limit as a number, 20 when absent', () => {
    expect(pageQuery.parse({}).limit).toBe(20);
    for (const limit of ['1', '9', '10', '20', '99', '100'])
      expect(pageQuery.parse({ limit }).limit).toBe(Number(limit));
  });

  it.each(['0', '101', '1000', '1.5', 'abc', '01', '1e2', '0x10', ' 5', '', '-1'])(
    'refuses limit=%j with the rule in words',
    (limit) => {
      const result = pageQuery.safeParse({ limit });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('must be a whole number from 1 to 100');
    },
  );
});
