/** The one TenantKit stack: composes data, identity, jobs and API, and outputs what clients and scripts need. */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { RouteDefinition } from '#shared/http/route.ts';
import { Api } from './api/api.ts';
import { Identity } from './auth/identity.ts';
import { OperatorIdentity } from './auth/operator-identity.ts';
import { Billing } from './billing/billing.ts';
import { MeterSchedule } from './billing/meter-schedule.ts';
import type { StageSettings } from './common/stage.ts';
import { DataTable } from './data/data-table.ts';
import { ExportBucket } from './data/export-bucket.ts';
import { TableBackups } from './data/table-backups.ts';
import { TenantDataRoles } from './data/tenant-data-roles.ts';
import { ApiWebAcl } from './edge/web-acl.ts';
import { FeatureFlags } from './features/feature-flags.ts';
import { DailySchedule } from './jobs/daily-schedule.ts';
import { JobQueues } from './jobs/job-queues.ts';
import { JobWorkers } from './jobs/job-workers.ts';
import { LimiterAlarm } from './limits/limiter-alarm.ts';
import { MailIdentity } from './mail/mail-identity.ts';
import { RequestMetrics } from './observability/request-metrics.ts';
import { ServiceAlarms } from './observability/service-alarms.ts';
import { TenantQueries } from './observability/tenant-queries.ts';

export interface TenantKitStackProps extends StackProps {
  /** Everything that differs by stage, the mail sender, CORS origins and custom domain included. */
  readonly stage: StageSettings;
  /**
   * The API's routes; tests pass a variant (e.g. to check how many routes the templates hold).
   * @default - the route table of shared/api/routes.ts
   */
  readonly routes?: Readonly<Record<string, RouteDefinition>>;
}

export class TenantKitStack extends Stack {
  readonly data: DataTable;
  readonly backups: TableBackups;
  readonly identity: Identity;
  /** The control plane's own identity: operators, never tenants. */
  readonly operatorIdentity: OperatorIdentity;
  readonly jobs: JobQueues;
  readonly tenantData: TenantDataRoles;
  readonly exports: ExportBucket;
  readonly workers: JobWorkers;
  readonly billing: Billing;
  readonly daily: DailySchedule;
  readonly metering: MeterSchedule;
  readonly api: Api;
  readonly requestMetrics: RequestMetrics;
  readonly alarms: ServiceAlarms;
  readonly featureFlags: FeatureFlags;
  readonly webAcl?: ApiWebAcl;
  readonly mailIdentity?: MailIdentity;

  constructor(scope: Construct, id: string, props: TenantKitStackProps) {
    super(scope, id, props);
    const { stage } = props;

    this.data = new DataTable(this, 'Data', {
      deletionProtection: stage.deletionProtection,
      removalPolicy: stage.removalPolicy,
    });
    this.backups = new TableBackups(this, 'Backups', {
      table: this.data.table,
      vaultName: `TenantKit-${stage.name}`,
      removalPolicy: stage.removalPolicy,
      ...stage.backup,
    });
    this.identity = new Identity(this, 'Identity', {
      deletionProtection: stage.deletionProtection,
      removalPolicy: stage.removalPolicy,
    });
    this.operatorIdentity = new OperatorIdentity(this, 'OperatorIdentity', {
      deletionProtection: stage.deletionProtection,
      removalPolicy: stage.removalPolicy,
    });
    this.jobs = new JobQueues(this, 'Jobs');
    this.tenantData = new TenantDataRoles(this, 'TenantData', { table: this.data });
    this.exports = new ExportBucket(this, 'Exports', { removalPolicy: stage.removalPolicy });
    this.billing = new Billing(this, 'Billing', {
      prices: this.node.tryGetContext('stripePrices') as
        | Record<string, Record<string, string>>
        | undefined,
      meters: this.node.tryGetContext('stripeMeters') as Record<string, string> | undefined,
      returnUrl:
        (this.node.tryGetContext('billingReturnUrl') as string | undefined) ??
        'https://app.example.com/billing',
      removalPolicy: stage.removalPolicy,
    });
    this.workers = new JobWorkers(this, 'Workers', {
      billing: this.billing,
      tenantData: this.tenantData,
      jobs: this.jobs,
      exportsBucket: this.exports.bucket,
      userPool: this.identity.userPool,
      userPoolClient: this.identity.userPoolClient,
      mailFrom: stage.mail.from,
      logRetention: stage.logRetention,
      removalPolicy: stage.removalPolicy,
    });
    if (stage.mail.identity !== undefined) {
      this.mailIdentity = new MailIdentity(this, 'Mail', {
        from: stage.mail.from,
        kind: stage.mail.identity,
      });
    }
    this.daily = new DailySchedule(this, 'Daily', {
      tenantData: this.tenantData,
      jobs: this.jobs,
      logRetention: stage.logRetention,
      removalPolicy: stage.removalPolicy,
    });
    this.metering = new MeterSchedule(this, 'Metering', {
      tenantData: this.tenantData,
      jobs: this.jobs,
      logRetention: stage.logRetention,
      removalPolicy: stage.removalPolicy,
    });
    this.featureFlags = new FeatureFlags(this, 'FeatureFlags', { stageName: stage.name });
    this.api = new Api(this, 'Api', {
      stageName: stage.name,
      tenantData: this.tenantData,
      userPool: this.identity.userPool,
      userPoolClient: this.identity.userPoolClient,
      operatorPool: {
        pool: this.operatorIdentity.userPool,
        client: this.operatorIdentity.userPoolClient,
      },
      logRetention: stage.logRetention,
      removalPolicy: stage.removalPolicy,
      jobs: this.jobs,
      exportsBucket: this.exports.bucket,
      featureFlags: this.featureFlags,
      corsOrigins: stage.corsOrigins,
      ...(stage.customDomain !== undefined && { customDomain: stage.customDomain }),
      billing: this.billing,
      ...(props.routes !== undefined && { routes: props.routes }),
    });
    // A billing sync changes what the authorizer puts into requests (plan, read-only): it flushes
    // the authorizer cache, so the change holds from the tenant's next request.
    for (const worker of [this.workers.functions.critical, this.workers.functions.bulk]) {
      worker.bindAuthorizerFlush(this.api.restApi, stage.name);
    }
    if (stage.webAcl) this.webAcl = new ApiWebAcl(this, 'Edge', { restApi: this.api.restApi });
    this.requestMetrics = new RequestMetrics(this, 'RequestMetrics', {
      accessLogs: this.api.accessLogs,
      namespace: 'TenantKit',
      rulePrefix: `TenantKit-${stage.name}`,
    });
    this.alarms = new ServiceAlarms(this, 'Alarms', {
      restApi: this.api.restApi,
      watchedFunctions: {
        Authorizer: this.api.authorizerFunction,
        CriticalWorker: this.workers.functions.critical,
        BulkWorker: this.workers.functions.bulk,
        DailyDispatcher: this.daily.dispatcher,
        MeterDispatcher: this.metering.dispatcher,
      },
      jobQueues: this.jobs.queues,
      namespace: 'TenantKit',
      dashboardName: `TenantKit-${stage.name}`,
    });

    new TenantQueries(this, 'Queries', {
      prefix: `TenantKit-${stage.name}`,
      accessLogs: this.api.accessLogs,
      apiFunctionLogs: [this.api.authorizerFunction, ...Object.values(this.api.functions)].map(
        (fn) => fn.logGroup,
      ),
      jobLogs: [
        this.workers.functions.critical,
        this.workers.functions.bulk,
        this.daily.dispatcher,
        this.metering.dispatcher,
      ].map((fn) => fn.logGroup),
    });

    new LimiterAlarm(this, 'LimiterAlarm', {
      namespace: 'TenantKit',
      serviceName: 'tenantkit',
      topic: this.alarms.topic,
    });

    new CfnOutput(this, 'ApiUrl', {
      value: this.api.url,
      description: 'Base URL of the API stage',
    });
    if (this.api.domainName !== undefined) {
      new CfnOutput(this, 'CustomDomainUrl', {
        value: `https://${this.api.domainName.domainName}/`,
        description: 'Base URL of the API on the custom domain',
      });
      new CfnOutput(this, 'CustomDomainTarget', {
        value: this.api.domainName.domainNameAliasDomainName,
        description: 'Point the custom domain here in DNS (CNAME, or a Route 53 alias record)',
      });
    }
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.identity.userPoolClient.userPoolClientId,
    });
    new CfnOutput(this, 'OperatorPoolId', {
      value: this.operatorIdentity.userPool.userPoolId,
      description:
        'Create the first operator: npm run operator -- create <email> --user-pool-id <this> --region <region>',
    });
    new CfnOutput(this, 'OperatorPoolClientId', {
      value: this.operatorIdentity.userPoolClient.userPoolClientId,
    });
    new CfnOutput(this, 'TableName', { value: this.data.tableName });
    new CfnOutput(this, 'CriticalQueueUrl', { value: this.jobs.queues.critical.queue.queueUrl });
    new CfnOutput(this, 'BulkQueueUrl', { value: this.jobs.queues.bulk.queue.queueUrl });
    // For `npm run redrive -- --from <dead-letter URL> --to <queue URL>` (docs/runbooks/dlq.md).
    new CfnOutput(this, 'CriticalDeadLetterQueueUrl', {
      value: this.jobs.queues.critical.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'BulkDeadLetterQueueUrl', {
      value: this.jobs.queues.bulk.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'ExportsBucketName', { value: this.exports.bucket.bucketName });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarms.topic.topicArn,
      description: 'Subscribe to be told when an alarm fires',
    });
  }
}
