/**
 * The nightly schedule: an EventBridge rule that invokes the dispatch function, which enqueues one
 * `tenant.daily` job per active tenant on jobs-bulk. Failed invocations are retried by EventBridge;
 * repeated runs are harmless, since each tenant's job id is fixed per day.
 */
import { join } from 'node:path';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { repoRoot } from '#lib/common/paths.ts';
import { ServiceFunction } from '#lib/common/service-function.ts';
import type { TenantDataRoles } from '#lib/data/tenant-data-roles.ts';
import { dailyDispatchEntry, dailySchedule } from './daily-schedule-entry.ts';
import type { JobQueues } from './job-queues.ts';

export interface DailyScheduleProps {
  readonly tenantData: TenantDataRoles;
  readonly jobs: JobQueues;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /**
   * Turn the schedule off (e.g. a stage nobody uses) without removing the function.
   * @default true
   */
  readonly enabled?: boolean;
}

export class DailySchedule extends Construct {
  readonly dispatcher: ServiceFunction;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: DailyScheduleProps) {
    super(scope, id);
    this.dispatcher = new ServiceFunction(this, 'Dispatcher', {
      entry: join(repoRoot, dailyDispatchEntry),
      description: 'Enqueues one tenant.daily job per active tenant',
      // Fan-out over every tenant: a minute covers tens of thousands of index entries.
      timeout: Duration.minutes(1),
      logRetention: props.logRetention,
      logRemovalPolicy: props.removalPolicy,
    }).bindQueues(props.jobs, ['bulk']);
    // Reads the active-tenant index (GSI1) only; the tenant jobs do the writing.
    props.tenantData.grantActiveTenantIndexQuery(this.dispatcher);
    this.dispatcher.addEnvironment('TABLE_NAME', props.tenantData.tableName);
    this.rule = new Rule(this, 'Rule', {
      description: 'Nightly tenant upkeep (expire invitations, roll up usage)',
      schedule: Schedule.cron(dailySchedule),
      enabled: props.enabled ?? true,
      targets: [
        new LambdaFunction(this.dispatcher, {
          retryAttempts: 4,
          maxEventAge: Duration.hours(2),
        }),
      ],
    });
  }
}
