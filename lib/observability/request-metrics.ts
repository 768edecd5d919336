/**
 * Request metrics per plan and per tenant, read from API Gateway's access log: API Gateway writes
 * one JSON line per request anyway (with the authorizer's tenantId and plan), so counting there
 * costs the functions nothing per request.
 */
import { CfnInsightRule } from 'aws-cdk-lib/aws-cloudwatch';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface RequestMetricsProps {
  /** The API's access log group; its lines carry `tenantId`, `plan` and `status` (lib/api/api.ts). */
  readonly accessLogs: ILogGroup;
  /** The CloudWatch namespace, the functions' POWERTOOLS_METRICS_NAMESPACE. */
  readonly namespace: string;
  /** Prefix of the Contributor Insights rule names, unique per account and region. */
  readonly rulePrefix: string;
}

/** API Gateway writes `-` for a context value a request does not have (public routes). */
const authenticated = FilterPattern.stringValue('$.tenantId', '!=', '-');

export class RequestMetrics extends Construct {
  /** Contributor Insights rule: the tenants with the most requests, for the dashboard and alarms. */
  readonly requestsByTenantRule: CfnInsightRule;

  constructor(scope: Construct, id: string, props: RequestMetricsProps) {
    super(scope, id);
    new MetricFilter(this, 'RequestsByPlan', {
      logGroup: props.accessLogs,
      filterPattern: authenticated,
      metricNamespace: props.namespace,
      metricName: 'ApiRequests',
      metricValue: '1',
      // A plan is one of a few tiers, so the dimension stays cheap.
      dimensions: { plan: '$.plan' },
    });
    new MetricFilter(this, 'ServerErrorsByPlan', {
      logGroup: props.accessLogs,
      filterPattern: FilterPattern.all(
        authenticated,
        FilterPattern.numberValue('$.status', '>=', 500),
      ),
      metricNamespace: props.namespace,
      metricName: 'ApiServerErrors',
      metricValue: '1',
      dimensions: { plan: '$.plan' },
    });
    // Tenants are too many for metric dimensions; Contributor Insights ranks them instead.
    this.requestsByTenantRule = new CfnInsightRule(this, 'RequestsByTenant', {
      ruleName: `${props.rulePrefix}-requests-by-tenant`,
      ruleState: 'ENABLED',
      ruleBody: JSON.stringify({
        Schema: { Name: 'CloudWatchLogRule', Version: 1 },
        LogGroupNames: [props.accessLogs.logGroupName],
        LogFormat: 'JSON',
        Contribution: {
          Keys: ['$.tenantId'],
          Filters: [{ Match: '$.tenantId', NotIn: ['-'] }],
        },
        AggregateOn: 'Count',
      }),
    });
  }
}
