/**
 * The port behind "one effect per job": a worker claims a job id before running it and marks it
 * done afterwards, so a redelivered message (SQS delivers at least once) finds the job done.
 */
import type { TenantScope } from '#shared/auth/tenant-context.ts';

export type ClaimOutcome =
  /** The caller holds the job until `leaseUntil` and must complete or release it. */
  | { readonly kind: 'claimed' }
  /** The job ran to completion before: acknowledge the message and do nothing. */
  | { readonly kind: 'done' }
  /** Another delivery holds a live claim: fail this one, so it is retried after that one ended. */
  | { readonly kind: 'busy' }
  /** The tenant no longer exists or is being deleted: the job is moot and must not write anything. */
  | { readonly kind: 'tenantInactive' };

export interface JobClaim {
  readonly jobId: string;
  readonly kind: string;
  /** Unique per delivery attempt; only the holder can complete or release the claim. */
  readonly owner: string;
  /** A crashed holder's claim lapses at this time (epoch ms): the end of its invocation. */
  readonly leaseUntil: number;
  readonly now: Date;
}

export interface JobRunStore {
  claim(scope: TenantScope, claim: JobClaim): Promise<ClaimOutcome>;
  /** False when the claim was lost meanwhile (the lease lapsed and another delivery took it). */
  complete(scope: TenantScope, claim: JobClaim, finishedAt: Date): Promise<boolean>;
  /** Gives the job back after a failure, so the retry can claim it at once. */
  release(scope: TenantScope, claim: JobClaim): Promise<void>;
}

/** Done markers outlive the queue's retention, so every redelivery still finds them. */
export const jobRunRetentionSeconds = 7 * 24 * 60 * 60;
