/** Runs every job worker locally: one poller per queue, invoking the real worker modules in-process. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { workers } from '#lib/jobs/workers.ts';
import { onJobProgress } from '#shared/jobs/job-events.ts';
import { type QueueName, queueDesign } from '#shared/jobs/queue-design.ts';
import type { SqsBatchHandler } from '#shared/jobs/worker.ts';
import { type JobPoller, startJobPoller } from './job-poller.ts';

export interface LocalWorkersOptions {
  /** Repository root the worker entries are relative to. */
  readonly rootDir: string;
  readonly sqsEndpoint: string;
  readonly queueUrls: Readonly<Record<QueueName, string>>;
  /** Tests shorten it so failed messages come back quickly. @default - each queue's own */
  readonly visibilityTimeoutSeconds?: number;
  /** Long-poll wait per receive. @default 1 */
  readonly waitTimeSeconds?: number;
  readonly onLog?: (line: string) => void;
}

export interface LocalWorkers {
  readonly pollers: Readonly<Record<QueueName, JobPoller>>;
  /** Resolves once every queue is empty and no batch runs (jobs may enqueue jobs: checked twice). */
  drained(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalWorkers(options: LocalWorkersOptions): Promise<LocalWorkers> {
  const entries = await Promise.all(
    (Object.keys(workers) as QueueName[]).map(async (queue) => {
      const worker = workers[queue];
      const module = (await import(pathToFileURL(join(options.rootDir, worker.entry)).href)) as {
        handler: SqsBatchHandler;
      };
      const design = queueDesign[queue];
      const poller = startJobPoller({
        name: design.name,
        queueUrl: options.queueUrls[queue],
        endpoint: options.sqsEndpoint,
        handler: module.handler,
        batchSize: design.consumer.batchSize,
        maxBatchingWindowSeconds: design.consumer.maxBatchingWindowSeconds,
        workerTimeoutSeconds: design.consumer.workerTimeoutSeconds,
        ...(options.visibilityTimeoutSeconds !== undefined && {
          visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
        }),
        ...(options.waitTimeSeconds !== undefined && { waitTimeSeconds: options.waitTimeSeconds }),
        ...(options.onLog && { onLog: options.onLog }),
      });
      return [queue, poller] as const;
    }),
  );
  const pollers = Object.fromEntries(entries) as Record<QueueName, JobPoller>;
  const all = Object.values(pollers);
  // Job records report progress as they change; the local log shows them as they happen.
  const unsubscribe = options.onLog
    ? onJobProgress((event) =>
        options.onLog?.(
          `[job ${event.jobId}] ${event.kind} ${event.status} ${event.progress}% (tenant ${event.tenantId})`,
        ),
      )
    : () => undefined;
  return {
    pollers,
    async drained(timeoutMs = 20_000) {
      // A job on one queue may enqueue onto another: drain until a full round finds all idle.
      for (let round = 0; round < 2; round++) {
        await Promise.all(all.map((poller) => poller.drained(timeoutMs)));
      }
    },
    async stop() {
      unsubscribe();
      await Promise.all(all.map((poller) => poller.stop()));
    },
  };
}
