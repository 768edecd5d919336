/**
 * Limits of the public routes, which have no tenant to charge: a token bucket per source IP and
 * route group, and for sign-in a failure budget per (email, source IP) pair and, looser, per email.
 * The source IP is API Gateway's `requestContext.identity.sourceIp`, never a request header.
 */
import { createHash } from 'node:crypto';
import { RateLimitedError } from '#shared/errors.ts';
import type { BucketLocation, LimitStore } from './model.ts';
import { type CurrentFigures, type PolicyFigures, rateLimitHeaders } from './rate-limit-headers.ts';
import { type BucketPolicy, bucketTimes, decide } from './token-bucket.ts';

/** Per source IP: how fast one address may call each group of public routes. */
export const sourceIpPolicies = {
  /** Each sign-up creates a tenant and a Cognito user: 10 an hour, refilled one per 6 minutes. */
  signUp: { ratePerSecond: 10 / 3600, burst: 10 },
  /** Sign-in and token refresh: 20 at once, then 1 a second. */
  signIn: { ratePerSecond: 1, burst: 20 },
  /** Invitation accepts: 10 at once, then one every 6 seconds. */
  invitation: { ratePerSecond: 10 / 60, burst: 10 },
} as const satisfies Record<string, BucketPolicy>;
export type SourceIpPolicy = keyof typeof sourceIpPolicies;

/**
 * Failed guesses at an account's credentials: a wrong password (login, or the current password a
 * signed-in change asks for), a wrong mailed or TOTP code. The (email, IP) pair is limited tightly — a guesser at one address gets 5 tries
 * per 15 minutes — and the email alone ten times looser, so a spray from many addresses still
 * stops while a stranger cannot lock the owner out cheaply: that takes 50 failures from at least
 * 10 addresses, and the owner's own address keeps its own 5.
 */
export const loginFailurePolicies = {
  pair: { ratePerSecond: 5 / 900, burst: 5 },
  email: { ratePerSecond: 50 / 900, burst: 50 },
} as const satisfies Record<string, BucketPolicy>;

/** A public-route bucket item expires a day after its last use. */
const itemLifetimeSeconds = 24 * 3600;

const scaled = (policy: BucketPolicy, scale: number): BucketPolicy => ({
  ratePerSecond: policy.ratePerSecond * scale,
  burst: policy.burst * scale,
});

const policyFigures = (name: string, policy: BucketPolicy): PolicyFigures => ({
  name,
  quota: policy.burst,
  windowSeconds: policy.burst / policy.ratePerSecond,
});

function emailDigest(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');
}

export interface PublicLimiterOptions {
  readonly store: LimitStore;
  readonly scale: number;
  readonly nowMs: number;
  readonly signal?: AbortSignal;
}

/** Takes one request from the source IP's bucket of `policy`; 429 `rate_limited` when it is empty. */
export async function admitSourceIp(
  policyName: SourceIpPolicy,
  sourceIp: string,
  { store, scale, nowMs, signal }: PublicLimiterOptions,
): Promise<Record<string, string>> {
  const policy = scaled(sourceIpPolicies[policyName], scale);
  const figures = [policyFigures(policyName, policy)];
  const outcome = await store.take(
    { kind: 'public', subject: `IP#${policyName}#${sourceIp}` },
    {
      times: bucketTimes(policy),
      nowUs: nowMs * 1000,
      expiresAt: Math.floor(nowMs / 1000) + itemLifetimeSeconds,
      ...(signal && { signal }),
    },
  );
  if (outcome.kind === 'allowed') {
    const current: CurrentFigures = {
      name: policyName,
      remaining: outcome.remaining,
      resetSeconds: outcome.fullInUs / 1_000_000,
    };
    return rateLimitHeaders(figures, [current]);
  }
  const retryAfter =
    outcome.kind === 'rateLimited' ? Math.max(1, Math.ceil(outcome.retryInUs / 1_000_000)) : 60;
  throw new RateLimitedError(
    'Too many requests from this address; try again later',
    retryAfter,
    { policy: policyName, retryAfterSeconds: retryAfter },
    rateLimitHeaders(figures, [{ name: policyName, remaining: 0, resetSeconds: retryAfter }]),
  );
}

function loginBuckets(email: string, sourceIp: string): Record<'pair' | 'email', BucketLocation> {
  const digest = emailDigest(email);
  return {
    pair: { kind: 'public', subject: `PAIR#${digest}#${sourceIp}` },
    email: { kind: 'public', subject: `EMAIL#${digest}` },
  };
}

/**
 * Refuses a sign-in whose failure budget (pair or email) is spent, before any password is checked,
 * so the answer is the same whether the email exists or not.
 */
export async function checkLoginFailures(
  email: string,
  sourceIp: string,
  { store, scale, nowMs, signal }: PublicLimiterOptions,
): Promise<void> {
  const buckets = loginBuckets(email, sourceIp);
  const names = ['pair', 'email'] as const;
  const tats = await Promise.all(names.map((name) => store.peek(buckets[name], signal)));
  for (const [index, name] of names.entries()) {
    const times = bucketTimes(scaled(loginFailurePolicies[name], scale));
    const decision = decide(tats[index], nowMs * 1000, times);
    if (!decision.allowed) {
      const retryAfter = Math.max(1, Math.ceil(decision.retryInUs / 1_000_000));
      throw new RateLimitedError('Too many failed sign-ins; try again later', retryAfter, {
        policy: 'login',
        retryAfterSeconds: retryAfter,
      });
    }
  }
}

/** Spends one failure from both budgets of a sign-in that was refused. */
export async function recordLoginFailure(
  email: string,
  sourceIp: string,
  { store, scale, nowMs, signal }: PublicLimiterOptions,
): Promise<void> {
  const buckets = loginBuckets(email, sourceIp);
  await Promise.all(
    (['pair', 'email'] as const).map((name) =>
      store.take(buckets[name], {
        times: bucketTimes(scaled(loginFailurePolicies[name], scale)),
        nowUs: nowMs * 1000,
        expiresAt: Math.floor(nowMs / 1000) + itemLifetimeSeconds,
        ...(signal && { signal }),
      }),
    ),
  );
}
