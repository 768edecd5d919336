/**
 * The nightly schedule: an EventBridge rule that invokes the dispatch function, which enqueues one
 * `tenant.daily` job per active tenant on jobs-bulk. Failed invocations are retried by EventBridge;
 * repeated runs are harmless, since each tenant's job id is fixed per day.
 */
import { join } from 'node:path';
import { ArnFormat, Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
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
      // Reads the day's consumption with Logs Insights (its queries poll for up to 4 minutes), then
      // fans out over every tenant: a minute covers tens of thousands of index entries.
      timeout: Duration.minutes(10),
      logRetention: props.logRetention,
      logRemovalPolicy: props.removalPolicy,
    }).bindQueues(props.jobs, ['bulk']);
    // Reads the active-tenant index (GSI1) only; the tenant jobs do the writing.
    props.tenantData.grantTenantIndexQuery(this.dispatcher, 'ACTIVE');
    this.dispatcher.addEnvironment('TABLE_NAME', props.tenantData.tableName);
    this.grantConsumptionQueries(this.dispatcher);
    this.rule = new Rule(this, 'Rule', {
      description: 'Nightly tenant upkeep (expire invitations, roll up usage, price the day)',
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

  /**
   * The day's consumption per tenant comes from the EMF lines in this stack's log groups (nested
   * stacks' names start with the root's, so one prefix covers every function): Logs Insights on
   * those groups only, plus the two calls that have no resource-level permissions.
   */
  private grantConsumptionQueries(dispatcher: ServiceFunction): void {
    const stack = Stack.of(this);
    const prefix = `${stack.stackName}-`;
    dispatcher.addEnvironment('COST_LOG_GROUP_PREFIX', prefix);
    dispatcher.addToRolePolicy(
      new PolicyStatement({
        actions: ['logs:StartQuery'],
        resources: [
          stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: `${prefix}*`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    dispatcher.addToRolePolicy(
      new PolicyStatement({
        actions: ['logs:DescribeLogGroups', 'logs:GetQueryResults'],
        resources: ['*'],
      }),
    );
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:${prefix}*]`,
      reason:
        "Logs Insights reads the day's EMF lines from every function of this stack, whose log groups CloudFormation names after the stack: the prefix is the narrowest pattern that covers them.",
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "logs:DescribeLogGroups and logs:GetQueryResults support no resource-level permissions; StartQuery is limited to this stack's log groups.",
    });
  }
}
