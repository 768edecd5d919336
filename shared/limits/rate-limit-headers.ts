/**
 * The IETF RateLimit-Policy and RateLimit fields (draft-ietf-httpapi-ratelimit-headers-10/11):
 * Structured Field lists of named policies, `"name";q=<quota>;w=<window s>` and
 * `"name";r=<remaining>;t=<seconds until reset>`. The bucket is advertised as `burst` requests per
 * the seconds it takes to refill; the quota as `month` over the calendar month.
 */

export interface PolicyFigures {
  readonly name: string;
  readonly quota: number;
  readonly windowSeconds: number;
}

export interface CurrentFigures {
  readonly name: string;
  readonly remaining: number;
  readonly resetSeconds: number;
}

const whole = (value: number): number => Math.max(0, Math.floor(value));

export function rateLimitHeaders(
  policies: readonly PolicyFigures[],
  current: readonly CurrentFigures[],
): Record<string, string> {
  return {
    'ratelimit-policy': policies
      .map(
        ({ name, quota, windowSeconds }) =>
          `"${name}";q=${whole(quota)};w=${Math.max(1, Math.ceil(windowSeconds))}`,
      )
      .join(', '),
    ratelimit: current
      .map(
        ({ name, remaining, resetSeconds }) =>
          `"${name}";r=${whole(remaining)};t=${Math.max(0, Math.ceil(resetSeconds))}`,
      )
      .join(', '),
  };
}
