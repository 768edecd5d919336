/** The RateLimit fields in the current draft's Structured Field syntax. */
import { describe, expect, it } from 'vitest';
import { rateLimitHeaders } from '#shared/limits/rate-limit-headers.ts';

describe('rateLimitHeaders', () => {
  it('writes each policy as a named item with quota and window, and its remaining and reset', () => {
    const headers = rateLimitHeaders(
      [
        { name: 'burst', quota: 10, windowSeconds: 2 },
        { name: 'month', quota: 100_000, windowSeconds: 2_678_400 },
      ],
      [
        { name: 'burst', remaining: 7.6, resetSeconds: 0.4 },
        { name: 'month', remaining: 99_990, resetSeconds: 1234.2 },
      ],
    );

    expect(headers).toEqual({
      'ratelimit-policy': '"burst";q=10;w=2, "month";q=100000;w=2678400',
      ratelimit: '"burst";r=7;t=1, "month";r=99990;t=1235',
    });
  });

  it('never advertises a negative remaining count', () => {
    const headers = rateLimitHeaders([], [{ name: 'burst', remaining: -3, resetSeconds: 1 }]);

    expect(headers.ratelimit).toBe('"burst";r=0;t=1');
  });
});
