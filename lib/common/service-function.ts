/**
 * The house Lambda function: runtime, architecture, memory, timeout, tracing, logs and bundling are
 * fixed here once, and `bind…()` helpers grant access and set the matching environment in one call,
 * so a grant and the variable that uses it cannot drift apart.
 */
import { join } from 'node:path';
import { type CfnElement, Duration, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IRestApi } from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import {
  type IGrantable,
  type IRole,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { GlobalPartition, TableAccess, UserPoolAction } from '#shared/http/route.ts';
import type { QueueName } from '#shared/jobs/queue-design.ts';
import { type FunctionBundling, functionBundling, functionNodeOptions } from './bundling.ts';
import { repoRoot } from './paths.ts';

/** A table and the names of its indexes: grants cover exactly these ARNs, never `index/*`. */
export interface BindableTable {
  readonly table: ITable;
  readonly indexNames: readonly string[];
}

/** The tenant-scoped data roles (lib/data/tenant-data-roles.ts), as functions bind them. */
export interface TenantDataBinding {
  readonly tableName: string;
  roleFor(access: Exclude<TableAccess, 'none'>): IRole;
  grantAssume(grantee: IGrantable, access: Exclude<TableAccess, 'none'>): void;
  grantGlobalReads(grantee: IGrantable, partitions: readonly GlobalPartition[]): void;
  grantGlobalWrites(grantee: IGrantable, partitions: readonly GlobalPartition[]): void;
  /** UpdateItem and GetItem on the public routes' limiter buckets (`RL#…`). */
  grantPublicLimiter(grantee: IGrantable): void;
  /** Query on the control plane's tenant directory (GSI3, partition `TENANTS`) and nothing else. */
  grantTenantDirectoryQuery(grantee: IGrantable): void;
  /** Query on the cost rankings of days and months (GSI1, `COSTRANK#…`) and nothing else. */
  grantCostRankingQuery(grantee: IGrantable): void;
}

/** Global partitions a function touches with its own role (a route's `globalReads`/`globalWrites`). */
export interface GlobalAccess {
  readonly reads?: readonly GlobalPartition[];
  readonly writes?: readonly GlobalPartition[];
}

/** The job queues by design name (lib/jobs/job-queues.ts implements it). */
export interface BindableQueues {
  readonly queues: Readonly<Record<QueueName, { readonly queue: IQueue }>>;
}

/** `critical` → `JOBS_CRITICAL_QUEUE_URL`, the variable shared/config/runtime-config.ts reads. */
export function queueUrlVariable(name: QueueName): string {
  return `JOBS_${name.toUpperCase()}_QUEUE_URL`;
}

export interface ServiceFunctionProps {
  /** Absolute path of the handler module. */
  readonly entry: string;
  /**
   * Exported handler name.
   * @default 'handler'
   */
  readonly handler?: string;
  /** @default - none */
  readonly description?: string;
  /**
   * Memory in MB; CPU scales with it, so cold starts get faster as it grows.
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * Below API Gateway's 29 s integration limit, so a stuck call ends as our error, not the gateway's.
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Powertools service name (Logger, Metrics, Tracer).
   * @default 'tenantkit'
   */
  readonly serviceName?: string;
  /**
   * Powertools metrics namespace.
   * @default 'TenantKit'
   */
  readonly metricsNamespace?: string;
  /** @default - none beyond the house variables */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Concurrency set aside for (and capping) this function; workers use it to protect what they call.
   * @default - none: the function shares the account's unreserved concurrency
   */
  readonly reservedConcurrentExecutions?: number;
}

const readActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
] as const;

/** No Scan, ever: every access path is a key or an index query (DESIGN, tenant isolation layer 3). */
const writeActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

/** The table actions one access level needs; exported so tests and other constructs share the list. */
export function tableActions(access: TableAccess): readonly string[] {
  switch (access) {
    case 'none':
      return [];
    case 'read':
      return readActions;
    case 'readWrite':
      return [...readActions, ...writeActions];
  }
}

/** CDK's enum for the output format named in lib/common/bundling.ts. */
const outputFormats: Readonly<Record<FunctionBundling['format'], OutputFormat>> = {
  esm: OutputFormat.ESM,
};

/** NODE_OPTIONS only when there are any: an empty variable would still show in every function. */
const nodeOptionsEnvironment: Readonly<Record<string, string>> =
  functionNodeOptions === '' ? {} : { NODE_OPTIONS: functionNodeOptions };

/**
 * How cdk-nag writes `resource`'s ARN in `stack`'s template: `<LogicalId.Arn>` in its own stack, or
 * the parameter CDK passes it in as when `stack` is a nested stack (an API module).
 */
function arnAsNagNamesIt(stack: Stack, resource: CfnElement): string {
  return Stack.of(resource) === stack
    ? `${stack.getLogicalId(resource)}.Arn`
    : `referenceto${Names.uniqueId(resource)}Arn`;
}

export class ServiceFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    // Built before super() because the function takes the role and the log group as props.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}`,
    });
    // Our own log group, with retention, instead of the one Lambda would create that keeps logs forever.
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      entry: props.entry,
      handler: props.handler ?? 'handler',
      description: props.description,
      // Pinned, not "latest": the bundle targets node22 and moving runtime is a tested change.
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(10),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      projectRoot: repoRoot,
      depsLockFilePath: join(repoRoot, 'package-lock.json'),
      environment: {
        ...nodeOptionsEnvironment,
        POWERTOOLS_SERVICE_NAME: props.serviceName ?? 'tenantkit',
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace ?? 'TenantKit',
        ...props.environment,
      },
      // One definition, shared with the benchmark so it measures exactly these bundles.
      bundling: {
        ...functionBundling,
        format: outputFormats[functionBundling.format],
        mainFields: [...functionBundling.mainFields],
        externalModules: [...functionBundling.externalModules],
      } satisfies BundlingOptions,
    });
    // Only the two log actions on our own group: no AWSLambdaBasicExecutionRole, which allows any group.
    logGroup.grantWrite(role);

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is pinned on purpose: bundles target node22, and moving to Node.js 24 should be a deliberate change tested on that runtime, not a side effect of a CDK upgrade.',
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions; that is the only wildcard on this role.',
    });
  }

  /**
   * Tenant data through a tenant-scoped role: no table grant on this function's own role, only
   * the right to assume the role for `access` with a tenant session tag.
   */
  bindTenantData(target: TenantDataBinding, access: TableAccess, global: GlobalAccess = {}): this {
    const reads = global.reads ?? [];
    const writes = global.writes ?? [];
    target.grantGlobalReads(this, reads);
    target.grantGlobalWrites(this, writes);
    if (reads.length + writes.length > 0) this.addEnvironment('TABLE_NAME', target.tableName);
    if (access === 'none') return this;
    target.grantAssume(this, access);
    this.addEnvironment('TABLE_NAME', target.tableName);
    this.addEnvironment('TENANT_DATA_ROLE_ARN', target.roleFor(access).roleArn);
    return this;
  }

  /**
   * Lets the function enqueue jobs: SendMessage on the listed queues only, and every queue URL in
   * the environment (the queue configuration is read as a whole, once per cold start).
   */
  bindQueues(target: BindableQueues, names: readonly QueueName[]): this {
    for (const [name, { queue }] of Object.entries(target.queues) as [
      QueueName,
      { readonly queue: IQueue },
    ][]) {
      this.addEnvironment(queueUrlVariable(name), queue.queueUrl);
      if (names.includes(name)) queue.grantSendMessages(this);
    }
    return this;
  }

  /**
   * Lets the function send mail through SES as `from`: ses:SendEmail on that address's identity and
   * its domain's (whichever is verified), and MAIL_FROM set to it.
   */
  bindMail(from: string): this {
    const domain = from.split('@')[1];
    if (!domain) throw new Error(`Mail sender ${from} is not an email address`);
    const stack = Stack.of(this);
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [from, domain].map((identity) =>
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
        ),
      }),
    );
    this.addEnvironment('MAIL_FROM', from);
    return this;
  }

  /**
   * Access to tenants' export files, and EXPORTS_BUCKET. `presign`: GetObject on export files only,
   * to hand out download URLs. `readWrite`: write export files, list and delete anything under
   * `tenants/` (tenant deletion removes a tenant's whole prefix).
   */
  bindExportFiles(bucket: IBucket, access: 'presign' | 'readWrite'): this {
    const exportFiles = bucket.arnForObjects('tenants/*/exports/*');
    if (access === 'presign') {
      this.addToRolePolicy(
        new PolicyStatement({ actions: ['s3:GetObject'], resources: [exportFiles] }),
      );
    } else {
      this.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
          resources: [exportFiles],
        }),
      );
      this.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:DeleteObject'],
          resources: [bucket.arnForObjects('tenants/*')],
        }),
      );
      this.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': ['tenants/*'] } },
        }),
      );
    }
    this.addEnvironment('EXPORTS_BUCKET', bucket.bucketName);
    const bucketArn = arnAsNagNamesIt(Stack.of(this), bucket.node.defaultChild as CfnElement);
    Validations.of(this.role ?? this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketArn}>/tenants/*/exports/*]`,
      reason:
        "Export files are keyed tenants/<tenantId>/exports/<jobId>.jsonl.gz: the wildcards stand for tenant and job ids, and the tenant prefix is checked in code against the caller's verified tenant.",
    });
    if (access === 'readWrite') {
      Validations.of(this.role ?? this).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketArn}>/tenants/*]`,
        reason:
          'Tenant deletion removes every object under tenants/<tenantId>/; the wildcard stands for the tenant id of the job being run, which the worker derives from the job envelope.',
      });
    }
    return this;
  }

  /** Grants reading one secret (GetSecretValue, DescribeSecret on its ARN) and puts its ARN in `variable`. */
  bindSecret(secret: ISecret, variable: string): this {
    secret.grantRead(this);
    this.addEnvironment(variable, secret.secretArn);
    return this;
  }

  /**
   * Sets the user pool configuration (pool, client and token issuer), and grants the listed
   * cognito-idp actions on that pool only. Sign-in calls need no grant (InitiateAuth is a public
   * API), so routes that only sign in bind with no actions.
   */
  bindUserPool(pool: IUserPool, client: IUserPoolClient, actions: readonly UserPoolAction[]): this {
    if (actions.length > 0) {
      this.addToRolePolicy(
        new PolicyStatement({ actions: [...actions], resources: [pool.userPoolArn] }),
      );
    }
    const region = Stack.of(this).region;
    const urlSuffix = Stack.of(this).urlSuffix;
    this.addEnvironment('USER_POOL_ID', pool.userPoolId);
    this.addEnvironment('USER_POOL_CLIENT_ID', client.userPoolClientId);
    this.addEnvironment(
      'TOKEN_ISSUER',
      `https://cognito-idp.${region}.${urlSuffix}/${pool.userPoolId}`,
    );
    return this;
  }

  /**
   * Sets the operator pool's configuration (the control plane's identity) and grants the listed
   * cognito-idp actions on that pool only: its sign-in routes need none, its authorizer reads users.
   */
  bindOperatorPool(
    pool: IUserPool,
    client: IUserPoolClient,
    actions: readonly UserPoolAction[],
  ): this {
    if (actions.length > 0) {
      this.addToRolePolicy(
        new PolicyStatement({ actions: [...actions], resources: [pool.userPoolArn] }),
      );
    }
    const { region, urlSuffix } = Stack.of(this);
    this.addEnvironment('OPERATOR_POOL_ID', pool.userPoolId);
    this.addEnvironment('OPERATOR_POOL_CLIENT_ID', client.userPoolClientId);
    this.addEnvironment(
      'OPERATOR_TOKEN_ISSUER',
      `https://cognito-idp.${region}.${urlSuffix}/${pool.userPoolId}`,
    );
    return this;
  }

  /** Lets the function flush the stage's authorizer cache (FlushStageAuthorizersCache), and no more. */
  bindAuthorizerFlush(restApi: IRestApi, stageName: string): this {
    const { region, partition } = Stack.of(this);
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['apigateway:DELETE'],
        resources: [
          `arn:${partition}:apigateway:${region}::/restapis/${restApi.restApiId}/stages/${stageName}/cache/authorizers`,
        ],
      }),
    );
    this.addEnvironment('REST_API_ID', restApi.restApiId);
    this.addEnvironment('API_STAGE_NAME', stageName);
    return this;
  }
}
