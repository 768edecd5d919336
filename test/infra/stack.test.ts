/**
 * Template assertions on the synthesized TenantKit stack. Route checks are derived from the route
 * table, so a new route is checked without touching this file.
 */
import { App, type CfnElement, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import type { CfnTopic } from 'aws-cdk-lib/aws-sns';
import type { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Api } from '#lib/api/api.ts';
import { gatewayErrors } from '#lib/api/gateway-errors.ts';
import { createTenantKitApp } from '#lib/app.ts';
import { Identity } from '#lib/auth/identity.ts';
import { ServiceFunction, tableActions } from '#lib/common/service-function.ts';
import { DataTable } from '#lib/data/data-table.ts';
import { ExportBucket } from '#lib/data/export-bucket.ts';
import { TenantDataRoles } from '#lib/data/tenant-data-roles.ts';
import { JobQueues } from '#lib/jobs/job-queues.ts';
import { workers } from '#lib/jobs/workers.ts';
import { routes } from '#shared/api/routes.ts';
import { tableDesign } from '#shared/data/table-design.ts';
import { exportFileRetentionDays } from '#shared/exports/model.ts';
import type { RouteDefinition, TenantRoute } from '#shared/http/route.ts';
import { passwordPolicy } from '#shared/identity/password-policy.ts';
import { deadLetterRetentionDays, queueDesign } from '#shared/jobs/queue-design.ts';
import {
  allPolicyStatements,
  asList,
  getAttOf,
  logicalIdOf,
  methodsByRoute,
  refOf,
  resourcesOf,
  type SynthesizedStage,
  skipBundling,
  statementsOf,
  synthStage,
  withNestedStacks,
} from './synth.ts';

const routeEntries = Object.entries(routes);
const routeKey = (route: { method: string; path: string }): string =>
  `${route.method} ${route.path}`;

/** A stack of its own for constructs under test, bundling skipped like the app's. */
function bareStack(): Stack {
  return new Stack(new App({ context: skipBundling }), 'Test');
}

let dev: SynthesizedStage;
let prod: SynthesizedStage;

beforeAll(() => {
  dev = synthStage('dev');
  prod = synthStage('prod');
});

describe('app', () => {
  it('names the one stack after the stage', () => {
    // Assess
    expect(dev.stack.stackName).toBe('TenantKit-dev');
    expect(prod.stack.stackName).toBe('TenantKit-prod');
  });

  it('refuses a stage it does not know, so a typo cannot deploy', () => {
    // Act / Assess
    expect(() => createTenantKitApp({ context: { stage: 'qa' }, nagChecks: false })).toThrow(
      /Unknown stage "qa"/,
    );
  });
});

describe('data table', () => {
  it('keys the table on string PK/SK with GSI1 and GSI2 projecting all attributes', () => {
    // Prepare
    const indexes = Object.values(tableDesign.indexes).map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }));
    const keyNames = [
      tableDesign.partitionKey,
      tableDesign.sortKey,
      ...Object.values(tableDesign.indexes).flatMap((index) => [index.partitionKey, index.sortKey]),
    ];

    // Assess
    expect(tableDesign.partitionKey).toBe('PK');
    expect(tableDesign.sortKey).toBe('SK');
    dev.template.resourceCountIs('AWS::DynamoDB::Table', 1);
    dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith(
        keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      ),
      GlobalSecondaryIndexes: indexes,
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('turns on point-in-time recovery, encryption at rest and the expiresAt TTL', () => {
    // Assess
    dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('protects the prod table and user pool from deletion and retains them with the stack', () => {
    // Assess
    prod.template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    prod.template.hasResource('AWS::Cognito::UserPool', {
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
      DeletionPolicy: 'Retain',
    });
  });

  it('lets dev tear the table down with the stack', () => {
    // Assess
    dev.template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
      DeletionPolicy: 'Delete',
    });
  });
});

describe('job queues', () => {
  it('redrives each queue to its own encrypted DLQ after the designed receive count', () => {
    // Prepare
    const queues = resourcesOf(dev.template, 'AWS::SQS::Queue');
    const sources = Object.values(queues).filter((queue) => queue.Properties?.RedrivePolicy);

    // Assess
    expect(sources).toHaveLength(Object.keys(queueDesign).length);
    const targets = new Set<string>();
    for (const design of Object.values(queueDesign)) {
      const source = sources.find(
        (queue) => queue.Properties?.VisibilityTimeout === design.visibilityTimeoutSeconds,
      );
      const redrive = source?.Properties?.RedrivePolicy as
        | { maxReceiveCount: number; deadLetterTargetArn: unknown }
        | undefined;
      expect(redrive?.maxReceiveCount).toBe(5);
      expect(redrive?.maxReceiveCount).toBe(design.maxReceiveCount);
      const dlqId = getAttOf(redrive?.deadLetterTargetArn);
      expect(dlqId).toBeDefined();
      targets.add(String(dlqId));
      expect(queues[String(dlqId)]?.Properties).toMatchObject({
        MessageRetentionPeriod: deadLetterRetentionDays * 24 * 60 * 60,
        SqsManagedSseEnabled: true,
      });
      expect(source?.Properties?.SqsManagedSseEnabled).toBe(true);
    }
    expect(targets.size).toBe(sources.length);
  });

  it('names each queue and its DLQ after the stack and the queue design', () => {
    // Prepare
    const names = Object.values(resourcesOf(dev.template, 'AWS::SQS::Queue')).map(
      (queue) => queue.Properties?.QueueName,
    );

    // Assess
    expect(names.sort()).toEqual(
      Object.values(queueDesign)
        .flatMap((design) => [`TenantKit-dev-${design.name}`, `TenantKit-dev-${design.name}-dlq`])
        .sort(),
    );
  });

  it('refuses non-TLS access to every queue', () => {
    // Prepare
    const queueIds = Object.keys(resourcesOf(dev.template, 'AWS::SQS::Queue'));
    const policies = Object.values(resourcesOf(dev.template, 'AWS::SQS::QueuePolicy'));

    // Assess
    for (const queueId of queueIds) {
      const policy = policies.find((candidate) =>
        asList(candidate.Properties?.Queues).some((queue) => refOf(queue) === queueId),
      );
      expect(policy?.Properties?.PolicyDocument).toMatchObject({
        Statement: expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      });
    }
  });

  it('alarms as soon as one message is in a dead-letter queue', () => {
    // Assess
    dev.template.resourcePropertiesCountIs(
      'AWS::CloudWatch::Alarm',
      {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      },
      Object.keys(queueDesign).length,
    );
  });
});

describe('API', () => {
  it('has exactly one method per route in the route table', () => {
    // Act
    const methods = methodsByRoute(dev.template);

    // Assess
    expect([...methods.keys()].sort()).toEqual(
      routeEntries.map(([, route]) => routeKey(route)).sort(),
    );
  });

  it.each(routeEntries)(
    "guards %s with its plane's Lambda authorizer, and public routes with none",
    (_id, route) => {
      // Prepare: each authorizer by the function it runs.
      const functionIdOf = (fn: ServiceFunction | undefined): string =>
        fn === undefined ? 'none' : logicalIdOf(fn.node.defaultChild as CfnFunction);
      const authorizerIdOf = (fn: ServiceFunction | undefined): string | undefined =>
        Object.entries(resourcesOf(dev.template, 'AWS::ApiGateway::Authorizer')).find(
          ([, authorizer]) =>
            JSON.stringify(authorizer.Properties?.AuthorizerUri).includes(functionIdOf(fn)),
        )?.[0];
      const expected = {
        tenant: authorizerIdOf(dev.stack.api.authorizerFunction),
        operator: authorizerIdOf(dev.stack.api.operatorAuthorizerFunction),
      };

      // Act
      const method = methodsByRoute(dev.template).get(routeKey(route));

      // Assess
      expect(method).toBeDefined();
      expect(expected.tenant).not.toBe(expected.operator);
      if (route.auth !== 'public') {
        expect(method?.AuthorizationType).toBe('CUSTOM');
        expect(refOf(method?.AuthorizerId)).toBe(expected[route.auth]);
      } else {
        expect(method?.AuthorizationType).toBe('NONE');
        expect(method?.AuthorizerId).toBeUndefined();
      }
    },
  );

  it('uses a REQUEST authorizer per plane on the Authorization header, cached for 60 seconds', () => {
    // Assess: the tenants' and the operators'.
    dev.template.resourceCountIs('AWS::ApiGateway::Authorizer', 2);
    dev.template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 60,
    });
  });

  it('builds one nodejs22.x arm64 function per route plus the two authorizers', () => {
    // Prepare
    const all = resourcesOf(dev.template, 'AWS::Lambda::Function');
    const workerIds = [
      ...Object.values(dev.stack.workers.functions),
      dev.stack.daily.dispatcher,
      dev.stack.metering.dispatcher,
    ].map((fn) => logicalIdOf(fn.node.defaultChild as CfnFunction));
    const functions = Object.entries(all)
      .filter(([id]) => !workerIds.includes(id))
      .map(([, fn]) => fn);

    // Assess
    expect(Object.keys(all)).toHaveLength(routeEntries.length + 2 + workerIds.length);
    expect(functions).toHaveLength(routeEntries.length + 2);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        MemorySize: 256,
        Timeout: 10,
      });
    }
  });

  it.each(routeEntries)(
    'grants %s exactly the tenant data role, user pool and cursor- or Stripe-secret access its route declares',
    (id, route) => {
      // Prepare
      const fn = dev.stack.api.functions[id];
      expect(fn).toBeDefined();
      const functionId = logicalIdOf(fn?.node.defaultChild as CfnFunction);
      const properties = resourcesOf(dev.template, 'AWS::Lambda::Function')[functionId]?.Properties;
      const roleId = getAttOf(properties?.Role);
      const statements = Object.values(resourcesOf(dev.template, 'AWS::IAM::Policy'))
        .filter((policy) => asList(policy.Properties?.Roles).some((role) => refOf(role) === roleId))
        .flatMap((policy) => statementsOf(policy.Properties?.PolicyDocument));
      const actions = statements.flatMap((statement) => asList(statement.Action).map(String));

      // Act
      const tableGranted = [
        ...new Set(actions.filter((action) => action.startsWith('dynamodb:'))),
      ].sort();
      const assumed = statements
        .filter((statement) => asList(statement.Action).includes('sts:AssumeRole'))
        .flatMap((statement) => asList(statement.Resource).map(getAttOf));
      const expectedRole =
        route.table === 'none'
          ? []
          : [logicalIdOf(dev.stack.tenantData.roleFor(route.table).node.defaultChild as CfnRole)];
      const poolGranted = actions.filter((action) => action.startsWith('cognito-idp:')).sort();
      const secretGranted = actions.filter((action) => action.startsWith('secretsmanager:')).sort();
      const listsWithCursors = 'cursors' in route && route.cursors === true;
      const queueGranted = actions.filter((action) => action.startsWith('sqs:'));
      const enqueues = ((route as RouteDefinition).queues?.length ?? 0) > 0;
      const presigns = (route as RouteDefinition).exportFiles === 'presign';
      const bucketGranted = actions.filter((action) => action.startsWith('s3:'));

      // Assess
      // No table grant of its own (tenant items only through the tenant-scoped role), but for
      // the global lookups the route declares and, for a rate-limited public route, its
      // source-IP and sign-in buckets (RL#…).
      const { globalReads = [], globalWrites = [] } = route as RouteDefinition;
      const sourceIpLimit = 'sourceIpLimit' in route ? route.sourceIpLimit : undefined;
      expect(tableGranted).toEqual(
        [
          ...new Set([
            ...(globalReads.length > 0 ? ['dynamodb:GetItem'] : []),
            ...(globalWrites.length > 0
              ? ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem']
              : []),
            ...(sourceIpLimit !== undefined ? ['dynamodb:GetItem', 'dynamodb:UpdateItem'] : []),
            // Operator routes that query an index across tenants: that index's partition only.
            ...(('tenantDirectory' in route && route.tenantDirectory === true) ||
            ('costRanking' in route && route.costRanking === true)
              ? ['dynamodb:Query']
              : []),
          ]),
        ].sort(),
      );
      expect(assumed).toEqual(expectedRole);
      expect(poolGranted).toEqual([...('userPool' in route ? route.userPool : [])].sort());
      const environment = (properties?.Environment ?? {}) as {
        Variables?: Record<string, unknown>;
      };
      expect('TABLE_NAME' in (environment.Variables ?? {})).toBe(
        route.table !== 'none' ||
          globalReads.length > 0 ||
          ('costRanking' in route && route.costRanking === true),
      );
      expect('TENANT_DATA_ROLE_ARN' in (environment.Variables ?? {})).toBe(route.table !== 'none');
      expect(environment.Variables).toHaveProperty('USER_POOL_CLIENT_ID');
      expect(environment.Variables).toHaveProperty('TOKEN_ISSUER');
      const callsStripe = (route as RouteDefinition).stripe === true;
      expect(secretGranted).toEqual(
        listsWithCursors || callsStripe
          ? ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']
          : [],
      );
      expect('CURSOR_SECRET_ARN' in (environment.Variables ?? {})).toBe(listsWithCursors);
      // A route that calls Stripe reads the Stripe secret and the price table; every route knows
      // the grace period of the read-only check.
      expect('STRIPE_SECRET_ARN' in (environment.Variables ?? {})).toBe(callsStripe);
      expect('STRIPE_PRICES' in (environment.Variables ?? {})).toBe(callsStripe);
      expect(environment.Variables).toHaveProperty('BILLING_GRACE_DAYS', '7');
      expect(queueGranted.includes('sqs:SendMessage')).toBe(enqueues);
      expect(queueGranted.filter((action) => !/^sqs:(SendMessage|GetQueue)/.test(action))).toEqual(
        [],
      );
      expect(bucketGranted).toEqual(presigns ? ['s3:GetObject'] : []);
      expect('EXPORTS_BUCKET' in (environment.Variables ?? {})).toBe(presigns);
      // A route that evaluates feature flags reads its AppConfig profile (through the extension).
      const readsFlags =
        route.auth === 'tenant' &&
        ((route as TenantRoute).readsFeatures === true ||
          (route as TenantRoute).feature !== undefined);
      expect(actions.filter((action) => action.startsWith('appconfig:')).sort()).toEqual(
        readsFlags
          ? ['appconfig:GetLatestConfiguration', 'appconfig:StartConfigurationSession']
          : [],
      );
      expect('FEATURE_FLAGS_APPLICATION' in (environment.Variables ?? {})).toBe(readsFlags);
      // A route that changes who may call flushes the stage's authorizer cache (a DELETE on it).
      expect(actions.filter((action) => action.startsWith('apigateway:'))).toEqual(
        (route as RouteDefinition).flushesAuthorizers === true ? ['apigateway:DELETE'] : [],
      );
      // Nothing else: tracing and the function's own log group are the only other grants.
      expect(
        actions.filter(
          (action) =>
            !/^(dynamodb|cognito-idp|secretsmanager|sqs|s3|xray|logs|appconfig|apigateway):/.test(
              action,
            ) && !['sts:AssumeRole', 'sts:TagSession'].includes(action),
        ),
      ).toEqual([]);
    },
  );

  it('answers every gateway-generated error as JSON in the API error shape', () => {
    // Prepare
    const responses = Object.values(resourcesOf(dev.template, 'AWS::ApiGateway::GatewayResponse'));

    // Assess
    for (const type of [
      'UNAUTHORIZED',
      'ACCESS_DENIED',
      'MISSING_AUTHENTICATION_TOKEN',
      'THROTTLED',
      'QUOTA_EXCEEDED',
      'DEFAULT_4XX',
      'DEFAULT_5XX',
    ]) {
      expect(Object.keys(gatewayErrors)).toContain(type);
    }
    expect(responses).toHaveLength(Object.keys(gatewayErrors).length);
    for (const [type, error] of Object.entries(gatewayErrors)) {
      const response = responses.find((candidate) => candidate.Properties?.ResponseType === type);
      const properties = response?.Properties as {
        StatusCode: string;
        ResponseParameters: Record<string, string>;
        ResponseTemplates: Record<string, string>;
      };
      expect(properties.ResponseParameters['gatewayresponse.header.Content-Type']).toBe(
        "'application/json'",
      );
      const body = JSON.parse(String(properties.ResponseTemplates['application/json']));
      expect(body).toEqual({
        error: { code: error.code, message: expect.any(String), details: null },
      });
    }
    const status = (type: string): string | undefined =>
      responses.find((candidate) => candidate.Properties?.ResponseType === type)?.Properties
        ?.StatusCode as string | undefined;
    expect(status('UNAUTHORIZED')).toBe('401');
    expect(status('ACCESS_DENIED')).toBe('403');
    expect(status('MISSING_AUTHENTICATION_TOKEN')).toBe('404');
    expect(status('THROTTLED')).toBe('429');
    expect(status('QUOTA_EXCEEDED')).toBe('429');
    expect(status('DEFAULT_5XX')).toBe('500');
  });

  it('logs access as JSON with tenant, traces, and throttles the stage', () => {
    // Assess
    dev.template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'dev',
      TracingEnabled: true,
      AccessLogSetting: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('"tenantId":"\\$context.authorizer.tenantId"'),
      },
      MethodSettings: [
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
          ThrottlingRateLimit: Match.anyValue(),
          ThrottlingBurstLimit: Match.anyValue(),
        }),
      ],
    });
  });
  it('counts requests per plan and ranks tenants from the access log, not from the functions', () => {
    // Assess: the access log line carries the plan, and a numeric status a filter can compare.
    const stage = Object.values(dev.template.findResources('AWS::ApiGateway::Stage'))[0] as {
      Properties: { AccessLogSetting: { Format: string } };
    };
    const format = stage.Properties.AccessLogSetting.Format;
    expect(format).toContain('"plan":"$context.authorizer.plan"');
    expect(format).toContain('"status":$context.status');
    const sample = format.replaceAll(/\$context\.[\w.]+/g, (field) =>
      field === '$context.status' || field === '$context.responseLatency' ? '200' : 'x',
    );
    expect(() => JSON.parse(sample)).not.toThrow();

    dev.template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.tenantId != "-" }',
      MetricTransformations: [
        Match.objectLike({
          MetricName: 'ApiRequests',
          MetricNamespace: 'TenantKit',
          MetricValue: '1',
          Dimensions: [{ Key: 'plan', Value: '$.plan' }],
        }),
      ],
    });
    dev.template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: Match.stringLikeRegexp('\\$\\.status >= 500'),
      MetricTransformations: [Match.objectLike({ MetricName: 'ApiServerErrors' })],
    });
    const rule = Object.values(dev.template.findResources('AWS::CloudWatch::InsightRule'))[0] as {
      Properties: { RuleBody: unknown; RuleState: string };
    };
    expect(rule.Properties.RuleState).toBe('ENABLED');
    expect(JSON.stringify(rule.Properties.RuleBody)).toContain('$.tenantId');
  });
});

describe('alarms and dashboard', () => {
  const alarms = () =>
    Object.values(resourcesOf(dev.template, 'AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties ?? {},
    );
  const topicId = () => logicalIdOf(dev.stack.alarms.topic.node.defaultChild as CfnTopic);

  it('alarms on the 5xx share, the p99 latency and Lambda throttles', () => {
    // Assess
    dev.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5XXError',
      Statistic: 'Average',
      Threshold: 0.01,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 3,
    });
    dev.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Threshold: 2000,
    });
    dev.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Throttles',
      Threshold: 0,
    });
  });

  it('alarms on any error of the authorizer, the job workers and the daily and meter dispatchers', () => {
    // Prepare
    const watched = [
      dev.stack.api.authorizerFunction,
      ...Object.values(dev.stack.workers.functions),
      dev.stack.daily.dispatcher,
      dev.stack.metering.dispatcher,
    ].map((fn) => logicalIdOf(fn.node.defaultChild as CfnFunction));

    // Assess
    const errorAlarms = alarms().filter((alarm) => alarm.MetricName === 'Errors');
    const alarmed = errorAlarms.map((alarm) =>
      refOf(
        (asList(alarm.Dimensions) as { Name?: string; Value?: unknown }[]).find(
          (dimension) => dimension.Name === 'FunctionName',
        )?.Value,
      ),
    );
    expect(alarmed.sort()).toEqual(watched.sort());
  });

  it('sends every alarm, the dead-letter alarms included, to one encrypted TLS-only topic', () => {
    // Assess
    expect(alarms().length).toBeGreaterThanOrEqual(9);
    for (const alarm of alarms()) {
      expect(asList(alarm.AlarmActions).map(refOf)).toEqual([topicId()]);
    }
    const topic = Object.values(resourcesOf(dev.template, 'AWS::SNS::Topic'))[0];
    expect(JSON.stringify(topic?.Properties?.KmsMasterKeyId)).toContain(':alias/aws/sns');
    dev.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      }),
    });
    dev.template.hasOutput('AlarmTopicArn', { Value: { Ref: topicId() } });
  });

  it('draws one dashboard per stage with the API, the per-plan requests and the jobs', () => {
    // Assess
    const dashboard = Object.values(resourcesOf(dev.template, 'AWS::CloudWatch::Dashboard'))[0];
    expect(dashboard?.Properties?.DashboardName).toBe('TenantKit-dev');
    const body = JSON.stringify(dashboard?.Properties?.DashboardBody);
    for (const metric of [
      '5XXError',
      'Latency',
      'ApiRequests',
      'JobFailed',
      'ApproximateNumberOfMessagesVisible',
    ]) {
      expect(body).toContain(metric);
    }
  });
});

describe('tenant-scoped data roles', () => {
  const roleProperties = (access: 'read' | 'readWrite') =>
    resourcesOf(dev.template, 'AWS::IAM::Role')[
      logicalIdOf(dev.stack.tenantData.roleFor(access).node.defaultChild as CfnRole)
    ]?.Properties;
  const roleStatements = (access: 'read' | 'readWrite') => {
    const roleId = logicalIdOf(dev.stack.tenantData.roleFor(access).node.defaultChild as CfnRole);
    return Object.values(resourcesOf(dev.template, 'AWS::IAM::Policy'))
      .filter((policy) => asList(policy.Properties?.Roles).some((role) => refOf(role) === roleId))
      .flatMap((policy) => statementsOf(policy.Properties?.PolicyDocument));
  };

  it.each(['read', 'readWrite'] as const)(
    'lets the %s role touch only T#<session tenantId> and T#<session tenantId>#… keys, and email guards',
    (access) => {
      // Act
      const statements = roleStatements(access);

      // Assess
      const conditions = statements.map((statement) => statement.Condition);
      // The read role also writes its tenant's request-limiter item, and nothing else.
      const limiter = {
        'ForAllValues:StringLike': {
          'dynamodb:LeadingKeys': [
            `T#\${aws:PrincipalTag/tenantId}#LIMIT`,
            `T#\${aws:PrincipalTag/tenantId}#LIMIT#*`,
          ],
        },
      };
      expect(conditions).toEqual([
        {
          'ForAllValues:StringLike': {
            'dynamodb:LeadingKeys': [
              `T#\${aws:PrincipalTag/tenantId}`,
              `T#\${aws:PrincipalTag/tenantId}#*`,
            ],
          },
        },
        ...(access === 'read' ? [limiter] : []),
        { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['EMAIL#*', 'INVTOKEN#*'] } },
      ]);
      expect(asList(statements[0]?.Action).sort()).toEqual([...tableActions(access)].sort());
      if (access === 'read') expect(statements[1]?.Action).toBe('dynamodb:UpdateItem');
    },
  );

  it('can be assumed only with the tenantId session tag', () => {
    // Act
    const trust = JSON.stringify(roleProperties('readWrite')?.AssumeRolePolicyDocument);

    // Assess
    expect(trust).toContain('sts:TagSession');
    expect(trust).toContain('aws:RequestTag/tenantId');
    expect(trust).toContain('"aws:TagKeys":["tenantId"]');
  });

  it('is the only way any function reaches tenant items', () => {
    // Prepare
    const tenantRoleIds = (['read', 'readWrite'] as const).map((access) =>
      logicalIdOf(dev.stack.tenantData.roleFor(access).node.defaultChild as CfnRole),
    );

    // Act
    const otherStatements = Object.values(resourcesOf(dev.template, 'AWS::IAM::Policy'))
      .filter(
        (policy) =>
          !asList(policy.Properties?.Roles).some((role) =>
            tenantRoleIds.includes(String(refOf(role))),
          ),
      )
      .flatMap((policy) => statementsOf(policy.Properties?.PolicyDocument));

    // Assess: what is left are single-item grants on global partitions and the active-tenant
    // index query, never a T# key.
    const tableStatements = otherStatements.filter((statement) =>
      asList(statement.Action).some((action) => String(action).startsWith('dynamodb:')),
    );
    for (const statement of tableStatements) {
      for (const action of asList(statement.Action)) {
        expect([
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:Query',
        ]).toContain(action);
      }
      const leadingKeys = (
        statement.Condition as { 'ForAllValues:StringLike'?: { 'dynamodb:LeadingKeys'?: unknown } }
      )?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
      expect(asList(leadingKeys).length).toBeGreaterThan(0);
      for (const key of asList(leadingKeys)) expect(String(key)).not.toMatch(/^T#/);
    }
  });
});

describe('IAM', () => {
  it('never grants a DynamoDB wildcard, Scan, or an index wildcard', () => {
    // Act
    const statements = allPolicyStatements(dev.template);
    const actions = statements.flatMap((statement) => asList(statement.Action).map(String));
    const dynamoResources = statements
      .filter((statement) =>
        asList(statement.Action).some((action) => String(action).startsWith('dynamodb:')),
      )
      .flatMap((statement) => asList(statement.Resource));

    // Assess
    expect(actions.length).toBeGreaterThan(0);
    expect(actions).not.toContain('*');
    expect(actions).not.toContain('dynamodb:*');
    expect(actions).not.toContain('dynamodb:Scan');
    expect(
      actions.filter((action) => action.startsWith('dynamodb:') && action.includes('*')),
    ).toEqual([]);
    expect(JSON.stringify(dynamoResources)).not.toContain('*');
  });

  it('gives Lambda roles no AWS managed policy (no AWSLambdaBasicExecutionRole)', () => {
    // Prepare
    const roles = Object.values(resourcesOf(dev.template, 'AWS::IAM::Role')).filter((role) =>
      JSON.stringify(role.Properties?.AssumeRolePolicyDocument).includes('lambda.amazonaws.com'),
    );

    // Assess
    // Routes, the two authorizers, the workers and the daily and meter dispatchers.
    expect(roles).toHaveLength(routeEntries.length + 2 + Object.keys(workers).length + 2);
    for (const role of roles) expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
  });
});

describe('identity', () => {
  it('does not let the app client write custom:tenantId or custom:role', () => {
    // Prepare
    const tenantPoolId = logicalIdOf(dev.stack.identity.userPool.node.defaultChild as CfnElement);
    const clients = Object.values(resourcesOf(dev.template, 'AWS::Cognito::UserPoolClient')).filter(
      (client) => refOf(client.Properties?.UserPoolId) === tenantPoolId,
    );

    // Assess
    expect(clients).toHaveLength(1);
    const properties = clients[0]?.Properties ?? {};
    expect(properties.WriteAttributes).toEqual(expect.any(Array));
    expect((properties.WriteAttributes as string[]).length).toBeGreaterThan(0);
    expect(properties.WriteAttributes).not.toContain('custom:tenantId');
    expect(properties.WriteAttributes).not.toContain('custom:role');
    expect(properties.ReadAttributes).toEqual(
      expect.arrayContaining(['custom:tenantId', 'custom:role']),
    );
  });

  it('signs in with password and refresh only, without a client secret or OAuth', () => {
    // Assess
    dev.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: false,
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
  });

  it('builds the pool with email sign-in, no self sign-up, the shared password policy and tenant attributes', () => {
    // Assess
    dev.template.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: passwordPolicy.minLength,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      Schema: Match.arrayWith([
        Match.objectLike({
          Name: 'tenantId',
          AttributeDataType: 'String',
          Mutable: false,
          StringAttributeConstraints: { MinLength: '26', MaxLength: '26' },
        }),
        Match.objectLike({ Name: 'role', AttributeDataType: 'String', Mutable: true }),
      ]),
    });
  });
});

describe('a route added to the table', () => {
  it('grants the global partitions it declares in globalWrites, on its own role and no others', () => {
    // Prepare
    const stripeWebhook = {
      method: 'POST',
      path: '/v1/billing/stripe-webhook',
      entry: 'functions/health/get.ts',
      auth: 'public',
      table: 'none',
      globalWrites: ['STRIPE', 'STRIPEEVT'],
      docs: { summary: 'Stripe events', tag: 'Billing' },
      request: { rawBody: true, headers: ['Stripe-Signature'] },
      response: { status: 204, description: 'Received' },
    } as const satisfies RouteDefinition;
    const stack = bareStack();
    const data = new DataTable(stack, 'Data', { removalPolicy: RemovalPolicy.DESTROY });
    const identity = new Identity(stack, 'Identity', { removalPolicy: RemovalPolicy.DESTROY });

    // Act
    const api = new Api(stack, 'Api', {
      jobs: new JobQueues(stack, 'Jobs'),
      exportsBucket: new ExportBucket(stack, 'Exports', { removalPolicy: RemovalPolicy.DESTROY })
        .bucket,
      stageName: 'test',
      tenantData: new TenantDataRoles(stack, 'TenantData', { table: data }),
      userPool: identity.userPool,
      userPoolClient: identity.userPoolClient,
      operatorPool: { pool: identity.userPool, client: identity.userPoolClient },
      logRetention: RetentionDays.ONE_DAY,
      removalPolicy: RemovalPolicy.DESTROY,
      // A tenant route too: the API's authorizer needs one to attach to.
      routes: { getMe: routes.getMe, stripeWebhook },
    });
    const template = withNestedStacks(stack);

    // Assess
    const tableStatementsOf = (routeId: 'getMe' | 'stripeWebhook') => {
      const fn = api.functions[routeId];
      const roleId = getAttOf(
        resourcesOf(template, 'AWS::Lambda::Function')[
          logicalIdOf(fn?.node.defaultChild as CfnFunction)
        ]?.Properties?.Role,
      );
      return Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
        .filter((policy) => asList(policy.Properties?.Roles).some((role) => refOf(role) === roleId))
        .flatMap((policy) => statementsOf(policy.Properties?.PolicyDocument))
        .filter((statement) =>
          asList(statement.Action).some((a) => String(a).startsWith('dynamodb:')),
        );
    };
    expect(tableStatementsOf('stripeWebhook')).toEqual([
      expect.objectContaining({
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['STRIPE#*', 'STRIPEEVT#*'] },
        },
      }),
    ]);
    expect(tableStatementsOf('getMe')).toEqual([]);
  });

  it('gets its own function, the authorizer and, when it lists, the cursor secret', () => {
    // Prepare
    const listWidgets = {
      method: 'GET',
      path: '/v1/widgets',
      entry: 'functions/me/get.ts',
      auth: 'tenant',
      minRole: 'viewer',
      table: 'read',
      cursors: true,
      docs: { summary: 'List widgets', tag: 'Widgets' },
      response: { status: 200, description: 'One page' },
    } as const;
    const stack = bareStack();
    const data = new DataTable(stack, 'Data', { removalPolicy: RemovalPolicy.DESTROY });
    const identity = new Identity(stack, 'Identity', { removalPolicy: RemovalPolicy.DESTROY });
    const tenantData = new TenantDataRoles(stack, 'TenantData', { table: data });

    // Act
    const api = new Api(stack, 'Api', {
      jobs: new JobQueues(stack, 'Jobs'),
      exportsBucket: new ExportBucket(stack, 'Exports', { removalPolicy: RemovalPolicy.DESTROY })
        .bucket,
      stageName: 'test',
      tenantData,
      userPool: identity.userPool,
      userPoolClient: identity.userPoolClient,
      operatorPool: { pool: identity.userPool, client: identity.userPoolClient },
      logRetention: RetentionDays.ONE_DAY,
      removalPolicy: RemovalPolicy.DESTROY,
      routes: { ...routes, listWidgets },
    });
    const template = withNestedStacks(stack);

    // Assess
    expect(methodsByRoute(template).get('GET /v1/widgets')?.AuthorizationType).toBe('CUSTOM');
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    const fn = api.functions.listWidgets;
    const properties = resourcesOf(template, 'AWS::Lambda::Function')[
      logicalIdOf(fn?.node.defaultChild as CfnFunction)
    ]?.Properties;
    expect(properties?.Environment).toMatchObject({
      Variables: { CURSOR_SECRET_ARN: { Ref: expect.any(String) } },
    });
    const getMe = resourcesOf(template, 'AWS::Lambda::Function')[
      logicalIdOf(api.functions.getMe?.node.defaultChild as CfnFunction)
    ]?.Properties;
    expect(JSON.stringify(getMe?.Environment)).not.toContain('CURSOR_SECRET_ARN');
  });
});

describe('job plumbing', () => {
  const entry = 'functions/health/get.ts';

  it('lets a producer send to the queues it names only, with every queue URL configured', () => {
    // Prepare
    const stack = bareStack();
    const jobs = new JobQueues(stack, 'Jobs');
    const producer = new ServiceFunction(stack, 'Producer', { entry });

    // Act
    producer.bindQueues(jobs, ['critical']);
    const template = Template.fromStack(stack);

    // Assess
    const properties = resourcesOf(template, 'AWS::Lambda::Function')[
      logicalIdOf(producer.node.defaultChild as CfnFunction)
    ]?.Properties;
    expect(properties?.Environment).toMatchObject({
      Variables: {
        JOBS_CRITICAL_QUEUE_URL: { Ref: expect.any(String) },
        JOBS_BULK_QUEUE_URL: { Ref: expect.any(String) },
      },
    });
    const sends = allPolicyStatements(template).filter((statement) =>
      asList(statement.Action).includes('sqs:SendMessage'),
    );
    expect(sends.map((statement) => getAttOf(statement.Resource))).toEqual([
      logicalIdOf(jobs.queues.critical.queue.node.defaultChild as CfnQueue),
    ]);
  });

  it('consumes a queue with partial batch failures', () => {
    // Prepare
    const stack = bareStack();
    const jobs = new JobQueues(stack, 'Jobs');
    const worker = new ServiceFunction(stack, 'Worker', { entry, timeout: Duration.seconds(10) });

    // Act
    jobs.addWorker('critical', worker);

    // Assess
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
    });
  });

  it('refuses a worker whose timeout exceeds a sixth of the visibility timeout', () => {
    // Prepare
    const stack = bareStack();
    const jobs = new JobQueues(stack, 'Jobs');
    const timeout = Duration.seconds(queueDesign.critical.visibilityTimeoutSeconds / 6 + 1);
    const worker = new ServiceFunction(stack, 'SlowWorker', { entry, timeout });

    // Act / Assess
    expect(() => jobs.addWorker('critical', worker)).toThrow(/visibility timeout/);
  });
});

describe('job workers', () => {
  const workerEntries = Object.entries(workers);

  function workerOf(name: string): { id: string; properties: Record<string, unknown> } {
    const fn = dev.stack.workers.functions[name as keyof typeof workers];
    const id = logicalIdOf(fn.node.defaultChild as CfnFunction);
    return {
      id,
      properties: resourcesOf(dev.template, 'AWS::Lambda::Function')[id]?.Properties ?? {},
    };
  }

  it('keeps every queue visible for at least six worker timeouts', () => {
    // Assess
    for (const design of Object.values(queueDesign)) {
      expect(design.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(
        6 * design.consumer.workerTimeoutSeconds,
      );
    }
  });

  it.each(workerEntries)(
    'consumes %s with the designed batch, window, concurrency and partial failures',
    (name, definition) => {
      // Prepare
      const { id, properties } = workerOf(name);
      const { consumer } = queueDesign[definition.queue];
      const queueId = logicalIdOf(
        dev.stack.jobs.queues[definition.queue].queue.node.defaultChild as CfnQueue,
      );

      // Assess
      expect(properties).toMatchObject({
        Timeout: consumer.workerTimeoutSeconds,
        ReservedConcurrentExecutions: consumer.maxConcurrency,
      });
      dev.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: id },
        EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
        BatchSize: consumer.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: consumer.maxConcurrency },
        ...(consumer.maxBatchingWindowSeconds > 0 && {
          MaximumBatchingWindowInSeconds: consumer.maxBatchingWindowSeconds,
        }),
      });
    },
  );

  it('lets only the mail worker send mail, and only the bulk worker delete users', () => {
    // Prepare
    const statementsByWorker = Object.fromEntries(
      workerEntries.map(([name]) => {
        const roleId = getAttOf(workerOf(name).properties.Role);
        const statements = Object.values(resourcesOf(dev.template, 'AWS::IAM::Policy'))
          .filter((policy) =>
            asList(policy.Properties?.Roles).some((role) => refOf(role) === roleId),
          )
          .flatMap((policy) => statementsOf(policy.Properties?.PolicyDocument));
        return [name, statements];
      }),
    );
    const sesStatements = (name: string) =>
      (statementsByWorker[name] ?? []).filter((statement) =>
        asList(statement.Action).some((action) => String(action).startsWith('ses:')),
      );

    // Assess
    expect(sesStatements('critical')).toHaveLength(1);
    expect(asList(sesStatements('critical')[0]?.Action)).toEqual(['ses:SendEmail']);
    expect(JSON.stringify(sesStatements('critical')[0]?.Resource)).toContain(
      'identity/no-reply@example.com',
    );
    expect(sesStatements('bulk')).toEqual([]);
    const cognitoActions = (name: string) =>
      (statementsByWorker[name] ?? [])
        .flatMap((statement) => asList(statement.Action).map(String))
        .filter((action) => action.startsWith('cognito-idp:'))
        .sort();
    expect(cognitoActions('bulk')).toEqual([
      'cognito-idp:AdminDeleteUser',
      'cognito-idp:AdminGetUser',
    ]);
    expect(cognitoActions('critical')).toEqual([]);
    expect(workerOf('critical').properties.Environment).toMatchObject({
      Variables: { MAIL_FROM: 'no-reply@example.com' },
    });
  });
});

describe('exports bucket', () => {
  function exportsBucket() {
    const id = logicalIdOf(dev.stack.exports.bucket.node.defaultChild as CfnBucket);
    return { id, properties: resourcesOf(dev.template, 'AWS::S3::Bucket')[id]?.Properties ?? {} };
  }

  it('is private, encrypted, logged, and expires export files after the retention', () => {
    // Prepare
    const { properties } = exportsBucket();
    const logsId = logicalIdOf(dev.stack.exports.accessLogs.node.defaultChild as CfnBucket);

    // Assess
    expect(properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { DestinationBucketName: { Ref: logsId } },
      LifecycleConfiguration: {
        Rules: [
          expect.objectContaining({
            Prefix: 'tenants/',
            ExpirationInDays: exportFileRetentionDays,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            Status: 'Enabled',
          }),
        ],
      },
    });
  });

  it('refuses non-TLS access', () => {
    // Prepare
    const { id } = exportsBucket();
    const policy = Object.values(resourcesOf(dev.template, 'AWS::S3::BucketPolicy')).find(
      (candidate) => refOf(candidate.Properties?.Bucket) === id,
    );

    // Assess
    expect(policy?.Properties?.PolicyDocument).toMatchObject({
      Statement: expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ]),
    });
  });

  it('lets the bulk worker write export files and delete tenant prefixes, nothing wider', () => {
    // Prepare
    const fn = dev.stack.workers.functions.bulk;
    const roleId = getAttOf(
      resourcesOf(dev.template, 'AWS::Lambda::Function')[
        logicalIdOf(fn.node.defaultChild as CfnFunction)
      ]?.Properties?.Role,
    );
    const statements = Object.values(resourcesOf(dev.template, 'AWS::IAM::Policy'))
      .filter((policy) => asList(policy.Properties?.Roles).some((role) => refOf(role) === roleId))
      .flatMap((policy) => statementsOf(policy.Properties?.PolicyDocument))
      .filter((statement) => asList(statement.Action).some((a) => String(a).startsWith('s3:')));

    // Assess
    const byAction = Object.fromEntries(
      statements.flatMap((statement) =>
        asList(statement.Action).map((action) => [
          String(action),
          JSON.stringify(statement.Resource),
        ]),
      ),
    );
    expect(Object.keys(byAction).sort()).toEqual([
      's3:AbortMultipartUpload',
      's3:DeleteObject',
      's3:ListBucket',
      's3:PutObject',
    ]);
    expect(byAction['s3:PutObject']).toContain('/tenants/*/exports/*');
    expect(byAction['s3:DeleteObject']).toContain('/tenants/*');
    expect(
      statements.find((statement) => asList(statement.Action).includes('s3:ListBucket'))?.Condition,
    ).toEqual({ StringLike: { 's3:prefix': ['tenants/*'] } });
  });
});

/** A function's resource properties in the dev template. */
function functionProperties(fn: ServiceFunction): Record<string, unknown> | undefined {
  return resourcesOf(dev.template, 'AWS::Lambda::Function')[
    logicalIdOf(fn.node.defaultChild as CfnFunction)
  ]?.Properties;
}

/** A function's environment variables. */
function variablesOf(fn: ServiceFunction): Record<string, unknown> | undefined {
  return (
    functionProperties(fn)?.Environment as { Variables?: Record<string, unknown> } | undefined
  )?.Variables;
}

/** The statements of a schedule's dispatcher role, its actions, and the queues it may send to. */
function dispatcherGrants(fn: ServiceFunction): {
  statements: ReturnType<typeof statementsOf>;
  actions: string[];
  sendTargets: unknown[];
  /** The condition of its one DynamoDB grant, a Query of one index's partitions. */
  queryCondition: unknown;
} {
  const roleId = getAttOf(functionProperties(fn)?.Role);
  const statements = Object.values(resourcesOf(dev.template, 'AWS::IAM::Policy'))
    .filter((policy) => asList(policy.Properties?.Roles).some((role) => refOf(role) === roleId))
    .flatMap((policy) => statementsOf(policy.Properties?.PolicyDocument));
  return {
    statements,
    actions: statements.flatMap((statement) => asList(statement.Action).map(String)),
    sendTargets: statements
      .filter((statement) => asList(statement.Action).includes('sqs:SendMessage'))
      .map((statement) => getAttOf(statement.Resource)),
    queryCondition: statements.find((statement) =>
      asList(statement.Action).includes('dynamodb:Query'),
    )?.Condition,
  };
}

describe('metering schedule', () => {
  it('invokes the meter dispatcher every hour at :05 UTC, with retries within the hour', () => {
    // Prepare
    const dispatcherId = logicalIdOf(
      dev.stack.metering.dispatcher.node.defaultChild as CfnFunction,
    );

    // Assess
    dev.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(5 * * * ? *)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [dispatcherId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 3600 },
        }),
      ],
    });
  });

  it('lets the meter dispatcher query the billed-tenant index and send to jobs-bulk only', () => {
    // Prepare
    const { actions, sendTargets, queryCondition } = dispatcherGrants(
      dev.stack.metering.dispatcher,
    );

    // Assess
    expect(actions.filter((action) => action.startsWith('dynamodb:'))).toEqual(['dynamodb:Query']);
    expect(queryCondition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TENANTS#BILLED#*'] },
    });
    expect(sendTargets).toEqual([
      logicalIdOf(dev.stack.jobs.queues.bulk.queue.node.defaultChild as CfnQueue),
    ]);
    expect(actions.some((action) => action.startsWith('secretsmanager:'))).toBe(false);
  });

  it('gives the bulk worker, which reports to Stripe, the meters from CDK context', () => {
    // Prepare
    const variables = variablesOf(dev.stack.workers.functions.bulk);

    // Assess
    expect(variables).toHaveProperty('STRIPE_METERS', '{}');
    expect(variables).toHaveProperty('STRIPE_SECRET_ARN');
  });
});

describe('daily schedule', () => {
  it('invokes the dispatcher every night at 00:15 UTC, with retries', () => {
    // Prepare
    const dispatcherId = logicalIdOf(dev.stack.daily.dispatcher.node.defaultChild as CfnFunction);

    // Assess
    dev.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(15 0 * * ? *)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [dispatcherId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 7200 },
        }),
      ],
    });
  });

  it('lets the dispatcher query the active-tenant index and send to jobs-bulk only', () => {
    // Prepare
    const fn = dev.stack.daily.dispatcher;
    const { statements, actions, sendTargets, queryCondition } = dispatcherGrants(fn);

    // Assess
    expect(actions.filter((action) => action.startsWith('dynamodb:'))).toEqual(['dynamodb:Query']);
    expect(queryCondition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TENANTS#ACTIVE#*'] },
    });
    expect(sendTargets).toEqual([
      logicalIdOf(dev.stack.jobs.queues.bulk.queue.node.defaultChild as CfnQueue),
    ]);
    // The day's consumption: Logs Insights on this stack's log groups only.
    const queries = /^logs:(StartQuery|GetQueryResults|DescribeLogGroups)$/;
    expect(actions.filter((action) => queries.test(action)).sort()).toEqual([
      'logs:DescribeLogGroups',
      'logs:GetQueryResults',
      'logs:StartQuery',
    ]);
    const startQuery = statements.find((statement) =>
      asList(statement.Action).includes('logs:StartQuery'),
    );
    expect(JSON.stringify(startQuery?.Resource)).toContain(`log-group:${dev.stack.stackName}-*`);
    expect(variablesOf(fn)?.COST_LOG_GROUP_PREFIX).toBe(`${dev.stack.stackName}-`);
  });
});
