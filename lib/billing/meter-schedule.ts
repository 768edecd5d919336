/**
 * The hourly metering schedule: an EventBridge rule that invokes the dispatch function, which
 * enqueues one `billing.meter` job per tenant with a Stripe customer on jobs-bulk, where the worker
 * reports the hour's usage to Stripe's meters. Repeated runs of an hour are harmless: the job id and
 * the meter events' identifiers are fixed per tenant and hour.
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
import type { JobQueues } from '#lib/jobs/job-queues.ts';
import { meterDispatchEntry, meterSchedule } from './meter-schedule-entry.ts';

export interface MeterScheduleProps {
  readonly tenantData: TenantDataRoles;
  readonly jobs: JobQueues;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /**
   * Turn the schedule off (e.g. a deployment that bills no usage) without removing the function.
   * @default true
   */
  readonly enabled?: boolean;
}

export class MeterSchedule extends Construct {
  readonly dispatcher: ServiceFunction;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: MeterScheduleProps) {
    super(scope, id);
    this.dispatcher = new ServiceFunction(this, 'Dispatcher', {
      entry: join(repoRoot, meterDispatchEntry),
      description: 'Enqueues one billing.meter job per tenant with a Stripe customer',
      // Reads the billed-tenant index and sends batches of ten: tens of thousands in a minute.
      timeout: Duration.minutes(5),
      logRetention: props.logRetention,
      logRemovalPolicy: props.removalPolicy,
    }).bindQueues(props.jobs, ['bulk']);
    // Reads the billed-tenant index (GSI1) only; the tenant jobs read the counts and call Stripe.
    props.tenantData.grantTenantIndexQuery(this.dispatcher, 'BILLED');
    this.dispatcher.addEnvironment('TABLE_NAME', props.tenantData.tableName);
    this.rule = new Rule(this, 'Rule', {
      description: "Hourly usage report to Stripe's meters",
      schedule: Schedule.cron(meterSchedule),
      enabled: props.enabled ?? true,
      targets: [
        new LambdaFunction(this.dispatcher, {
          retryAttempts: 4,
          // A later run of the same hour is still useful; the next hour's run catches up anyway.
          maxEventAge: Duration.hours(1),
        }),
      ],
    });
  }
}
