/**
 * Alarms when the request limiter fails open (its store erred or outlasted the 50 ms budget, so
 * requests went through unlimited): the `LimiterFailOpen` metric of shared/limits/fail-open.ts.
 */
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Metric,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { failOpenMetric } from '#shared/limits/metric-names.ts';

export interface LimiterAlarmProps {
  /** The functions' Powertools namespace and service name (the metric's dimension). */
  readonly namespace: string;
  readonly serviceName: string;
  readonly topic: ITopic;
  /** Fail-open requests per 5 minutes above which it alarms. @default 10 */
  readonly threshold?: number;
}

export class LimiterAlarm extends Construct {
  readonly alarm: Alarm;

  constructor(scope: Construct, id: string, props: LimiterAlarmProps) {
    super(scope, id);
    this.alarm = new Alarm(this, 'FailOpen', {
      alarmDescription:
        'The request limiter let requests through unchecked (DynamoDB errors or timeouts): rate limits and quotas are not enforced.',
      metric: new Metric({
        namespace: props.namespace,
        metricName: failOpenMetric,
        dimensionsMap: { service: props.serviceName },
        statistic: Stats.SUM,
        period: Duration.minutes(5),
      }),
      threshold: props.threshold ?? 10,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.alarm.addAlarmAction(new SnsAction(props.topic));
  }
}
