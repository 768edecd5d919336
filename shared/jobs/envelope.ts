/**
 * The message every job travels in: `{kind, id, tenantId, payload, enqueuedAt}`, validated with zod
 * on both sides. Each kind names its queue and its payload schema in one registry.
 */
import * as z from 'zod/mini';
import '#shared/validation/english-messages.ts';
import { meterHourSchema } from '#shared/billing/meter-hours.ts';
import type { QueueName } from './queue-design.ts';

export interface JobKindDefinition<P extends z.ZodMiniType> {
  readonly queue: QueueName;
  readonly payload: P;
  /**
   * How a redelivered message is kept from having a second effect. `claim` (the default): the worker
   * claims the job id with a conditional write before running it and marks it done after. `handler`:
   * the handler's effects are idempotent by themselves, e.g. because it deletes the very partition a
   * claim would be written to.
   */
  readonly idempotency?: 'claim' | 'handler';
}

/** Every kind of job; workers and `enqueue` accept nothing else. */
export const jobKinds = {
  /** An email to one recipient, rendered by the mail worker (locally: written to the outbox). */
  'mail.send': {
    queue: 'critical',
    payload: z.strictObject({
      to: z.email(),
      template: z.enum([
        'invitation',
        'verifyEmail',
        'resetPassword',
        'confirmEmailChange',
        'emailChanged',
        'trialEnding',
      ]),
      variables: z.record(z.string(), z.string()),
    }),
  },
  /**
   * Brings the tenant's plan in line with its subscription as Stripe holds it now, after a webhook
   * event (its id is the job id, `stripe-<eventId>`) — never from the event's payload.
   */
  'billing.sync': {
    queue: 'critical',
    payload: z.strictObject({
      eventId: z.string().check(z.regex(/^evt_[A-Za-z0-9]+$/)),
      eventType: z.string().check(z.minLength(1), z.maxLength(100)),
    }),
  },
  /**
   * Reports the tenant's usage of the hour `hour` (`yyyy-mm-ddThh`, UTC) to Stripe's meters
   * (shared/billing/metering.ts). Its id is `meter-<hour>-<tenantId>`; the events are identified by
   * tenant + meter + hour, so a repeated run reports once.
   */
  'billing.meter': {
    queue: 'bulk',
    payload: z.strictObject({ hour: meterHourSchema }),
  },
  /** Everything of one tenant as one JSON Lines file (gzip) in the exports bucket. */
  'data.export': {
    queue: 'bulk',
    payload: z.strictObject({ requestedBy: z.string().check(z.minLength(1), z.maxLength(128)) }),
  },
  /**
   * Deletes everything of a tenant that is `deleting`. Its effects are idempotent by themselves, and
   * a claim marker could not live in the partitions it deletes.
   */
  'tenant.offboard': {
    queue: 'bulk',
    idempotency: 'handler',
    payload: z.strictObject({ requestedBy: z.string().check(z.minLength(1), z.maxLength(128)) }),
  },
  /**
   * One tenant's daily upkeep for the UTC day `date` that just ended: expire stale invitations, roll
   * the day's usage counters into the month, price the day's `consumption` (read once for every
   * tenant by the dispatch) into its cost item. Its id is `daily-<date>-<tenantId>`, so a repeated
   * schedule run is one effect per tenant and day.
   */
  'tenant.daily': {
    queue: 'bulk',
    payload: z.strictObject({
      date: z.iso.date(),
      // Optional: a message sent before cost per tenant existed has none, and prices nothing.
      consumption: z.optional(
        z.strictObject({
          requests: z.number().check(z.nonnegative()),
          jobs: z.number().check(z.nonnegative()),
          readUnits: z.number().check(z.nonnegative()),
          writeUnits: z.number().check(z.nonnegative()),
          gbSeconds: z.number().check(z.nonnegative()),
        }),
      ),
    }),
  },
} as const satisfies Record<string, JobKindDefinition<z.ZodMiniType>>;

export type JobKind = keyof typeof jobKinds;
export type JobPayload<K extends JobKind> = z.output<(typeof jobKinds)[K]['payload']>;
/** The kinds that travel on one queue: exactly what that queue's worker must handle. */
export type QueueJobKind<Q extends QueueName> = {
  [K in JobKind]: (typeof jobKinds)[K]['queue'] extends Q ? K : never;
}[JobKind];

export interface JobEnvelope<K extends JobKind = JobKind> {
  readonly kind: K;
  /** Unique per job; workers make their effects idempotent on it. */
  readonly id: string;
  readonly tenantId: string;
  readonly payload: JobPayload<K>;
  readonly enqueuedAt: string;
}

const envelopeBaseSchema = z.strictObject({
  kind: z.string(),
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  tenantId: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)),
  payload: z.unknown(),
  enqueuedAt: z.iso.datetime(),
});

/** Parses a message body into an envelope of a known kind with a valid payload, or throws. */
export function parseEnvelope(body: string): JobEnvelope {
  const base = envelopeBaseSchema.parse(JSON.parse(body));
  if (!Object.hasOwn(jobKinds, base.kind)) throw new Error(`Unknown job kind ${base.kind}`);
  const kind = base.kind as JobKind;
  const payload = jobKinds[kind].payload.parse(base.payload);
  return { ...base, kind, payload } as JobEnvelope;
}
