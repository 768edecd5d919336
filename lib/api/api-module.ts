/**
 * One API module as a nested stack: the functions of its routes (each with its role, policy and log
 * group), its own API resources, methods and invoke permissions. Splitting the API by module keeps
 * every CloudFormation template far below the 500-resource limit as routes are added, while
 * `cdk deploy` still deploys the one parent stack (test/infra/template-size.test.ts checks the room).
 */
import { join } from 'node:path';
import { NestedStack, type NestedStackProps, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AuthorizationType,
  AwsIntegration,
  type IAuthorizer,
  type IResource,
  type IRestApi,
  Method,
  type MethodOptions,
  Resource,
  type RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { repoRoot } from '#lib/common/paths.ts';
import {
  type BindableQueues,
  ServiceFunction,
  type TenantDataBinding,
} from '#lib/common/service-function.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { pathPrefixes } from './route-modules.ts';

/** What the functions of every module bind to; all of it lives in the parent stack. */
export interface RouteBindings {
  readonly tenantData: TenantDataBinding;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  /** The operators' pool: the control plane's sign-in routes bind to it. */
  readonly operatorPool: { readonly pool: IUserPool; readonly client: IUserPoolClient };
  /** The stage whose authorizer cache routes with `flushesAuthorizers` flush. */
  readonly authorizerFlush: { readonly restApi: IRestApi; readonly stageName: string };
  readonly jobs: BindableQueues;
  readonly exportsBucket: IBucket;
  /** The key that seals list cursors, for routes with `cursors`. @default - none */
  readonly cursorSecret?: ISecret;
  /** Stripe's secret and configuration, for routes that call Stripe (`stripe`). @default - none */
  readonly billing?: {
    bind(fn: ServiceFunction): void;
    bindAccessRules(fn: ServiceFunction): void;
  };
  /** The feature-flag definitions, for routes that read flags. @default - none */
  readonly featureFlags?: { bind(fn: ServiceFunction): void };
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** Browser origins the functions answer with CORS headers (empty: none). */
  readonly corsOrigins: readonly string[];
}

export interface ApiModuleProps extends NestedStackProps {
  /** This module's routes (lib/api/route-modules.ts). */
  readonly routes: Readonly<Record<string, RouteDefinition>>;
  readonly restApi: RestApi;
  /** Each plane's authorizer: tenant routes use one, operator routes the other. */
  readonly authorizers: { readonly tenant: IAuthorizer; readonly operator?: IAuthorizer };
  /** The stage the invoke permissions are scoped to. */
  readonly stageName: string;
  readonly bindings: RouteBindings;
}

/** `/v1/projects/{id}` → `/v1/projects/*`, as execute-api ARNs name a path. */
function pathForArn(path: string): string {
  return path.replace(/\{[^}]+\}/g, '*');
}

export class ApiModule extends NestedStack {
  readonly functions: Readonly<Record<string, ServiceFunction>>;
  private readonly restApi: RestApi;

  constructor(scope: Construct, id: string, props: ApiModuleProps) {
    super(scope, id, props);
    this.restApi = props.restApi;
    const functions: Record<string, ServiceFunction> = {};
    for (const [routeId, route] of Object.entries(props.routes)) {
      const fn = routeFunction(this, routeId, route, props.bindings);
      functions[routeId] = fn;
      const method = new Method(this, `${routeId}Method`, {
        resource: this.resourceFor(route.path),
        httpMethod: route.method,
        integration: new AwsIntegration({
          proxy: true,
          service: 'lambda',
          path: `2015-03-31/functions/${fn.functionArn}/invocations`,
        }),
        options: methodAuthorization(route, props.authorizers),
      });
      // Scoped to this method on this stage. Named by the stage name, not the Stage resource: the
      // stage's deployment depends on this stack, so a reference back would be a cycle.
      fn.addPermission('ApiInvoke', {
        principal: new ServicePrincipal('apigateway.amazonaws.com'),
        sourceArn: props.restApi.arnForExecuteApi(
          route.method,
          pathForArn(route.path),
          props.stageName,
        ),
      });
      acknowledgeAuth(method, route);
    }
    this.functions = functions;
  }

  /**
   * The resource of `path`: the parent stack's for the paths modules share (lib/api/api.ts creates
   * them first), this stack's own for the rest.
   */
  private resourceFor(path: string): IResource {
    let resource: IResource = this.restApi.root;
    for (const prefix of pathPrefixes(path)) {
      const pathPart = prefix.slice(prefix.lastIndexOf('/') + 1);
      resource =
        resource.getResource(pathPart) ??
        new Resource(this, `Path${prefix.replaceAll('/', '_')}`, { parent: resource, pathPart });
    }
    return resource;
  }
}

function methodAuthorization(
  route: RouteDefinition,
  authorizers: ApiModuleProps['authorizers'],
): MethodOptions {
  if (route.auth === 'public') return { authorizationType: AuthorizationType.NONE };
  const authorizer = route.auth === 'tenant' ? authorizers.tenant : authorizers.operator;
  if (authorizer === undefined) throw new Error(`No ${route.auth} authorizer for ${route.path}`);
  return { authorizer, authorizationType: AuthorizationType.CUSTOM };
}

function routeFunction(
  scope: Construct,
  routeId: string,
  route: RouteDefinition,
  bindings: RouteBindings,
): ServiceFunction {
  const fn = new ServiceFunction(scope, routeId, {
    entry: join(repoRoot, route.entry),
    description: `${route.method} ${route.path}`,
    logRetention: bindings.logRetention,
    logRemovalPolicy: bindings.removalPolicy,
  })
    .bindTenantData(bindings.tenantData, route.table, {
      reads: route.globalReads,
      writes: route.globalWrites,
    })
    // Every route gets the pool configuration (ids, not secrets): sign-in routes need the
    // client id without any IAM grant, and only routes that list actions get a grant.
    .bindUserPool(bindings.userPool, bindings.userPoolClient, route.userPool ?? []);
  if (bindings.corsOrigins.length > 0) {
    fn.addEnvironment('CORS_ALLOWED_ORIGINS', bindings.corsOrigins.join(','));
  }
  if (route.auth === 'public' && route.operatorPool === true) {
    fn.bindOperatorPool(bindings.operatorPool.pool, bindings.operatorPool.client, []);
  }
  if (route.auth === 'operator' && route.tenantDirectory === true) {
    bindings.tenantData.grantTenantDirectoryQuery(fn);
  }
  if (route.auth === 'operator' && route.costRanking === true) {
    bindings.tenantData.grantCostRankingQuery(fn);
    fn.addEnvironment('TABLE_NAME', bindings.tenantData.tableName);
  }
  if (route.flushesAuthorizers === true) {
    fn.bindAuthorizerFlush(bindings.authorizerFlush.restApi, bindings.authorizerFlush.stageName);
  }
  if (route.queues !== undefined && route.queues.length > 0) {
    fn.bindQueues(bindings.jobs, route.queues);
  }
  if (route.sourceIpLimit !== undefined) {
    bindings.tenantData.grantPublicLimiter(fn);
  }
  if (route.auth === 'tenant' && (route.readsFeatures || route.feature !== undefined)) {
    bindings.featureFlags?.bind(fn);
  }
  if (route.exportFiles !== undefined)
    fn.bindExportFiles(bindings.exportsBucket, route.exportFiles);
  if (route.cursors === true && bindings.cursorSecret !== undefined) {
    fn.bindSecret(bindings.cursorSecret, 'CURSOR_SECRET_ARN');
  }
  if (route.stripe === true) bindings.billing?.bind(fn);
  else bindings.billing?.bindAccessRules(fn);
  return fn;
}

function acknowledgeAuth(method: Method, route: RouteDefinition): void {
  if (route.auth === 'operator') {
    Validations.of(method).acknowledge({
      id: 'AwsSolutions-COG4',
      reason:
        'Operator routes use their own Lambda REQUEST authorizer that verifies ID tokens of the separate operator pool and also checks the operator is enabled with TOTP enrolled, which a Cognito authorizer cannot.',
    });
    return;
  }
  if (route.auth === 'tenant') {
    Validations.of(method).acknowledge({
      id: 'AwsSolutions-COG4',
      reason:
        'Tenant routes use a Lambda REQUEST authorizer that verifies the Cognito ID token (signature, issuer, audience, expiry, token use) and also checks active membership, which a Cognito authorizer cannot.',
    });
    return;
  }
  const reason = `${route.method} ${route.path} is declared auth: 'public' in shared/api/routes.ts: callers reach it before they hold a token (as for sign-up, sign-in, refresh and health), and its handler does its own checks.`;
  Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason });
  Validations.of(method).acknowledge({ id: 'AwsSolutions-COG4', reason });
}
