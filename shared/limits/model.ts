/** The request limiter's port: one conditional take from a token bucket, with an optional quota. */
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { BucketTimes } from './token-bucket.ts';

/** A monthly request count kept on the bucket's own item, so one write checks and counts both. */
export interface QuotaCount {
  /** The month counted, `yyyy-mm` (UTC). */
  readonly month: string;
  /** The month whose count is dropped in the same write (13 months back), so the item stays small. */
  readonly droppedMonth: string;
  readonly limit: number;
}

export interface TakeRequest {
  readonly times: BucketTimes;
  readonly nowUs: number;
  readonly quota?: QuotaCount;
  /** Epoch seconds after which the item may be deleted by TTL (refreshed by every take). */
  readonly expiresAt: number;
  /** Aborts the store call (the fail-open budget). */
  readonly signal?: AbortSignal;
}

export type TakeOutcome =
  | {
      readonly kind: 'allowed';
      readonly remaining: number;
      readonly fullInUs: number;
      /** Requests counted this month, this one included (when a quota was given). */
      readonly used?: number;
    }
  | { readonly kind: 'rateLimited'; readonly retryInUs: number }
  | { readonly kind: 'quotaExceeded'; readonly used: number };

/** Where a bucket lives: a tenant's own limiter shard, or a global public-route subject. */
export type BucketLocation =
  | { readonly kind: 'tenant'; readonly scope: TenantScope; readonly shard: number }
  | { readonly kind: 'public'; readonly subject: string };

export interface LimitStore {
  /** Takes one token (and counts one request) if the stored state allows it, in one conditional write. */
  take(location: BucketLocation, request: TakeRequest): Promise<TakeOutcome>;
  /** The stored TAT of a bucket, without taking (the login-failure check). */
  peek(location: BucketLocation, signal?: AbortSignal): Promise<number | undefined>;
}
