/**
 * One worker function per entry of lib/jobs/workers.ts, each consuming its queue through an event
 * source mapping with partial batch failures, its concurrency reserved and capped by the queue design.
 */
import { join } from 'node:path';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { repoRoot } from '#lib/common/paths.ts';
import { ServiceFunction } from '#lib/common/service-function.ts';
import type { TenantDataRoles } from '#lib/data/tenant-data-roles.ts';
import { type QueueName, queueDesign } from '#shared/jobs/queue-design.ts';
import type { JobQueues } from './job-queues.ts';
import { type WorkerDefinition, workers as workerTable } from './workers.ts';

export interface JobWorkersProps {
  /** Jobs belong to one tenant each: workers reach its items through the tenant-scoped roles. */
  readonly tenantData: TenantDataRoles;
  readonly jobs: JobQueues;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  /** The exports bucket, for workers that declare `exportFiles`. */
  readonly exportsBucket: IBucket;
  /** The verified SES identity mail is sent from (an address on a verified domain will do). */
  readonly mailFrom: string;
  /** Stripe's secret and configuration, for workers that call Stripe. @default - none */
  readonly billing?: { bind(fn: ServiceFunction): void };
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /**
   * The workers to build; tests may pass a variant.
   * @default - the table of lib/jobs/workers.ts
   */
  readonly workers?: Readonly<Record<QueueName, WorkerDefinition>>;
}

export class JobWorkers extends Construct {
  readonly functions: Readonly<Record<QueueName, ServiceFunction>>;

  constructor(scope: Construct, id: string, props: JobWorkersProps) {
    super(scope, id);
    const definitions = props.workers ?? workerTable;
    const build = (name: QueueName): ServiceFunction => {
      const definition: WorkerDefinition = definitions[name];
      const { consumer } = queueDesign[definition.queue];
      const fn = new ServiceFunction(this, `${name[0]?.toUpperCase()}${name.slice(1)}Worker`, {
        entry: join(repoRoot, definition.entry),
        description: definition.description,
        timeout: Duration.seconds(consumer.workerTimeoutSeconds),
        // Bulk jobs hold a page of items and a compressed export in memory; more memory is more CPU too.
        memorySize: definition.queue === 'bulk' ? 1024 : 256,
        reservedConcurrentExecutions: consumer.maxConcurrency,
        logRetention: props.logRetention,
        logRemovalPolicy: props.removalPolicy,
      }).bindTenantData(props.tenantData, definition.table);
      props.tenantData.grantGlobalWrites(fn, definition.globalWrites ?? []);
      if (definition.queues) fn.bindQueues(props.jobs, definition.queues);
      if (definition.mail) fn.bindMail(props.mailFrom);
      if (definition.userPool) {
        fn.bindUserPool(props.userPool, props.userPoolClient, definition.userPool);
      }
      if (definition.stripe) props.billing?.bind(fn);
      if (definition.exportFiles) fn.bindExportFiles(props.exportsBucket, definition.exportFiles);
      props.jobs.addWorker(definition.queue, fn);
      return fn;
    };
    this.functions = { critical: build('critical'), bulk: build('bulk') };
  }
}
