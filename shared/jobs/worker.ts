/**
 * Builds an SQS-batch Lambda handler for one queue: each record's envelope is validated, dispatched
 * by kind to a typed handler, run at most once per job id, and reported as a partial batch failure
 * when it fails, so one bad message never fails its batch mates and SQS redrives it to the DLQ.
 * Each job's consumption (capacity, duration, memory) is recorded for the envelope's tenant.
 */
import { randomUUID } from 'node:crypto';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type TenantScope, tenantScopeFromJob } from '#shared/auth/tenant-context.ts';
import { attributeToTenant, metered } from '#shared/costs/meter.ts';
import {
  consumptionRecord,
  memoryOf,
  recordConsumption,
} from '#shared/observability/consumption-metrics.ts';
import { logger } from '#shared/observability/logger.ts';
import { consumptionLine, metrics } from '#shared/observability/metrics.ts';
import { tracer } from '#shared/observability/tracer.ts';
import { sendEnvelope } from './enqueue.ts';
import {
  type JobEnvelope,
  type JobKind,
  jobKinds,
  parseEnvelope,
  type QueueJobKind,
} from './envelope.ts';
import type { JobClaim, JobRunStore } from './job-runs.ts';
import { JobRecordGoneError } from './progress.ts';
import { type QueueName, queueDesign } from './queue-design.ts';

export interface JobContext {
  readonly scope: TenantScope;
  /** The SQS message id of this delivery (a redelivery keeps it; a continuation gets a new one). */
  readonly messageId: string;
  /** How often SQS has handed out this message, this delivery included. */
  readonly receiveCount: number;
  /** Milliseconds left before the function times out; long jobs stop early and continue later. */
  remainingTimeMs(): number;
}

/**
 * `continueLater`: the handler stopped early to stay within the timeout, leaving its work in a
 * resumable state; the worker sends the same envelope to the queue again and acknowledges this one.
 */
export type JobOutcome =
  | undefined
  | {
      readonly continueLater: true;
      /** Not before this many seconds (SQS DelaySeconds, at most 900). @default 0 */
      readonly delaySeconds?: number;
    };

export type JobHandler<K extends JobKind> = (
  job: JobEnvelope<K>,
  context: JobContext,
) => Promise<JobOutcome>;

/** One handler per kind of the queue: the compiler refuses a worker that forgets a kind. */
export type JobHandlers<Q extends QueueName> = {
  readonly [K in QueueJobKind<Q>]: JobHandler<K>;
};

export interface WorkerOptions<Q extends QueueName> {
  readonly queue: Q;
  readonly handlers: JobHandlers<Q>;
  /** Where claims and done markers live; a getter so configuration is read on first use. */
  readonly runs: () => JobRunStore;
  /**
   * Process a batch's records concurrently (small independent jobs) or one after the other.
   * @default true
   */
  readonly processInParallel?: boolean;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** Hands a continued job back to its queue. @default sendEnvelope */
  readonly requeue?: (envelope: JobEnvelope, delaySeconds: number) => Promise<void>;
  /**
   * Called when a job fails on its last receive before SQS dead-letters it, e.g. to mark its record
   * failed so the tenant is not left watching a job that will never finish.
   * @default - nothing
   */
  readonly onGiveUp?: (job: JobEnvelope, scope: TenantScope, error: unknown) => Promise<void>;
}

export type SqsBatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** A message no retry can fix (bad JSON, unknown kind, wrong queue): it fails until SQS dead-letters it. */
export class PoisonMessageError extends Error {}

export function createWorker<Q extends QueueName>(options: WorkerOptions<Q>): SqsBatchHandler {
  const now = options.now ?? (() => new Date());
  const requeue = options.requeue ?? sendEnvelope;
  const handlers = options.handlers as unknown as Readonly<
    Record<string, JobHandler<JobKind> | undefined>
  >;

  const runRecord = async (record: SQSRecord, lambda: Context): Promise<void> => {
    let job: JobEnvelope;
    try {
      job = parseEnvelope(record.body);
    } catch (error) {
      metrics.addMetric('JobPoison', MetricUnit.Count, 1);
      throw new PoisonMessageError(`Message ${record.messageId} is no valid job envelope`, {
        cause: error,
      });
    }
    const handler = handlers[job.kind];
    const scope = tenantScopeFromJob(job.tenantId);
    if (jobKinds[job.kind].queue !== options.queue || handler === undefined || !scope) {
      metrics.addMetric('JobPoison', MetricUnit.Count, 1);
      throw new PoisonMessageError(`The ${options.queue} worker does not run ${job.kind} jobs`);
    }
    attributeToTenant(scope.tenantId);
    const log = {
      jobId: job.id,
      kind: job.kind,
      tenantId: job.tenantId,
      messageId: record.messageId,
    };
    const context: JobContext = {
      scope,
      messageId: record.messageId,
      receiveCount: Number(record.attributes.ApproximateReceiveCount ?? '1'),
      remainingTimeMs: () => lambda.getRemainingTimeInMillis(),
    };

    const usesClaim = (jobKinds[job.kind] as { idempotency?: string }).idempotency !== 'handler';
    const claim: JobClaim = {
      jobId: job.id,
      kind: job.kind,
      owner: randomUUID(),
      // The invocation cannot outlive its timeout, so neither need its claim.
      leaseUntil: now().getTime() + lambda.getRemainingTimeInMillis(),
      now: now(),
    };
    if (usesClaim) {
      const claimed = await options.runs().claim(scope, claim);
      if (claimed.kind === 'done' || claimed.kind === 'tenantInactive') {
        logger.info(
          claimed.kind === 'done'
            ? 'Job already done; duplicate delivery ignored'
            : 'Job of an inactive tenant discarded',
          log,
        );
        metrics.addMetric(
          claimed.kind === 'done' ? 'JobDuplicate' : 'JobDiscarded',
          MetricUnit.Count,
          1,
        );
        return;
      }
      if (claimed.kind === 'busy') {
        throw new Error(`Job ${job.id} is being run by another delivery`);
      }
    }

    const started = performance.now();
    let outcome: JobOutcome;
    try {
      outcome = await handler(job, context);
    } catch (error) {
      if (usesClaim) await options.runs().release(scope, claim);
      if (error instanceof JobRecordGoneError) {
        // The tenant was deleted under the job: nothing is left to work for.
        logger.info('Job record gone; job discarded', log);
        metrics.addMetric('JobDiscarded', MetricUnit.Count, 1);
        return;
      }
      const lastAttempt = context.receiveCount >= queueDesign[options.queue].maxReceiveCount;
      logger.warn(
        lastAttempt
          ? 'Job failed for the last time; it goes to the DLQ'
          : 'Job failed; it will be retried',
        {
          ...log,
          receiveCount: context.receiveCount,
          error: error instanceof Error ? error : String(error),
        },
      );
      metrics.addMetric('JobFailed', MetricUnit.Count, 1);
      if (lastAttempt && options.onGiveUp) {
        await options.onGiveUp(job, scope, error).catch((hookError: unknown) =>
          logger.error('Could not record the job as failed', {
            ...log,
            error: hookError instanceof Error ? hookError : String(hookError),
          }),
        );
      }
      throw error;
    }
    if (outcome?.continueLater) {
      await requeue(job, Math.min(900, Math.max(0, Math.round(outcome.delaySeconds ?? 0))));
      if (usesClaim) await options.runs().release(scope, claim);
      logger.info('Job continues in a new message', log);
      return;
    }
    if (usesClaim && !(await options.runs().complete(scope, claim, now()))) {
      logger.warn('Job finished after its claim lapsed; another delivery may have run it too', log);
    }
    logger.info('Job succeeded', { ...log, durationMs: Math.round(performance.now() - started) });
    metrics.addMetric('JobSucceeded', MetricUnit.Count, 1);
  };

  /** Each record in its own meter, its consumption recorded for the envelope's tenant. */
  const runMeteredRecord = (record: SQSRecord, lambda: Context): Promise<void> => {
    const started = performance.now();
    return metered(
      () => runRecord(record, lambda),
      (meter) => {
        if (meter.tenantId === undefined) return;
        const durationMs = performance.now() - started;
        recordConsumption(
          consumptionLine,
          consumptionRecord(meter, meter.tenantId, 'job', durationMs, memoryOf(lambda)),
        );
        consumptionLine.publishStoredMetrics();
      },
    );
  };

  const handle = async (event: SQSEvent, lambda: Context): Promise<SQSBatchResponse> => {
    // One processor per invocation: it holds the batch's state, and the local runtime may run
    // several invocations of one worker module at once.
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(
      event,
      (record: SQSRecord) => runMeteredRecord(record, lambda),
      processor,
      {
        context: lambda,
        processInParallel: options.processInParallel ?? true,
        // A batch whose every record failed is reported like any other (every id listed) rather
        // than thrown: SQS retries the same records either way, and the JobFailed metric counts them.
        throwOnFullBatchFailure: false,
      },
    );
  };

  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .handler(handle);
}
