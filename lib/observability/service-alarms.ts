/**
 * What an operator watches: alarms on the API's 5xx rate and p99 latency, Lambda throttles, errors
 * of the authorizer and the job functions, and dead letters, all notifying one SNS topic; and one
 * CloudWatch dashboard with the same signals beside the per-plan request counts.
 */
import { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Alias } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { JobQueue } from '#lib/jobs/job-queues.ts';

/** What the job workers publish (shared/jobs/worker.ts). */
const jobMetricNames = ['JobSucceeded', 'JobFailed', 'JobDuplicate', 'JobDiscarded', 'JobPoison'];

export interface ServiceAlarmsProps {
  readonly restApi: RestApi;
  /** Functions whose every error matters on its own: the authorizer (an error fails every request it fronts) and the job functions (no client sees their failures). */
  readonly watchedFunctions: Readonly<Record<string, IFunction>>;
  /** The job queues: their dead letters are drawn, and their dead-letter alarms notify the same topic. */
  readonly jobQueues: Readonly<
    Record<string, Pick<JobQueue, 'deadLetterQueue' | 'deadLetterAlarm'>>
  >;
  /** The namespace of the request metrics and the job workers' metrics. */
  readonly namespace: string;
  /** Names the dashboard, unique per account and region. */
  readonly dashboardName: string;
  /** Share of requests answered 5xx over which the API alarms. @default 0.01 */
  readonly serverErrorRate?: number;
  /** p99 latency in ms over which the API alarms. @default 2000 */
  readonly p99LatencyMs?: number;
}

export class ServiceAlarms extends Construct {
  /** Subscribe an email, a chat webhook or an incident tool here. */
  readonly topic: Topic;
  readonly alarms: readonly Alarm[];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', {
      displayName: 'TenantKit alarms',
      enforceSSL: true,
      // The AWS-managed key: CloudWatch alarms may publish to it without a key policy of ours.
      masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
    });
    const api = props.restApi;
    const minute = Duration.minutes(1);
    const fiveMinutes = Duration.minutes(5);

    const alarms: Alarm[] = [
      new Alarm(this, 'ApiServerErrorRate', {
        alarmDescription:
          'More than the allowed share of API requests answered 5xx (3 of 5 minutes).',
        // The Average of 5XXError is the share of requests that failed.
        metric: api.metricServerError({ period: minute, statistic: Stats.AVERAGE }),
        threshold: props.serverErrorRate ?? 0.01,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, 'ApiLatencyP99', {
        alarmDescription: 'API p99 latency above its threshold for 15 minutes.',
        metric: api.metricLatency({ period: fiveMinutes, statistic: Stats.percentile(99) }),
        threshold: props.p99LatencyMs ?? 2000,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, 'LambdaThrottles', {
        alarmDescription:
          'Lambda throttled invocations in this account and region: concurrency is one pool shared by every function, so raise the quota or reserve concurrency.',
        metric: new Metric({
          namespace: 'AWS/Lambda',
          metricName: 'Throttles',
          period: fiveMinutes,
          statistic: Stats.SUM,
        }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      ...Object.entries(props.watchedFunctions).map(
        ([name, fn]) =>
          new Alarm(this, `${name}Errors`, {
            alarmDescription: `The ${name} function failed; its log group has the error with its stack.`,
            metric: fn.metricErrors({ period: fiveMinutes, statistic: Stats.SUM }),
            threshold: 0,
            comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 1,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          }),
      ),
    ];
    const jobQueues = Object.entries(props.jobQueues);
    const allAlarms = [...alarms, ...jobQueues.map(([, queue]) => queue.deadLetterAlarm)];
    const notify = new SnsAction(this.topic);
    for (const alarm of allAlarms) alarm.addAlarmAction(notify);
    this.alarms = alarms;

    // One line per dimension value (plan, job metric) without listing them here.
    const search = (query: string): MathExpression =>
      new MathExpression({
        expression: `SEARCH('${query}', 'Sum', 60)`,
        label: '',
        period: minute,
      });
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new AlarmStatusWidget({
        title: 'Alarms',
        alarms: allAlarms,
        width: 24,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'API requests and errors',
        left: [
          api.metricCount({ period: minute, statistic: Stats.SUM }),
          api.metricClientError({ period: minute, statistic: Stats.SUM }),
          api.metricServerError({ period: minute, statistic: Stats.SUM }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'API latency (ms)',
        left: [
          api.metricLatency({ period: minute, statistic: Stats.percentile(50) }),
          api.metricLatency({ period: minute, statistic: Stats.percentile(99) }),
          api.metricIntegrationLatency({ period: minute, statistic: Stats.percentile(99) }),
        ],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Requests by plan (access log)',
        left: [search(`{${props.namespace},plan} MetricName="ApiRequests"`)],
        width: 12,
      }),
      new GraphWidget({
        title: 'Jobs',
        left: [
          search(
            `{${props.namespace},service} MetricName=(${jobMetricNames.map((name) => `"${name}"`).join(' OR ')})`,
          ),
        ],
        right: jobQueues.map(([name, { deadLetterQueue }]) =>
          deadLetterQueue.metricApproximateNumberOfMessagesVisible({
            period: minute,
            statistic: Stats.MAXIMUM,
            label: `${name} dead letters`,
          }),
        ),
        width: 12,
      }),
    );
  }
}
