/**
 * The REST API, built from the route table: one function per route, the Lambda authorizer on every
 * tenant route, access logs, tracing, stage throttling, and gateway errors in our error shape.
 */
import { join } from 'node:path';
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  BasePathMapping,
  DomainName,
  EndpointType,
  IdentitySource,
  LogGroupLogDestination,
  Method,
  MethodLoggingLevel,
  RequestAuthorizer,
  ResponseType,
  RestApi,
  SecurityPolicy,
} from 'aws-cdk-lib/aws-apigateway';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { type ILogGroup, LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { repoRoot } from '#lib/common/paths.ts';
import {
  type BindableQueues,
  ServiceFunction,
  type TenantDataBinding,
} from '#lib/common/service-function.ts';
import type { CustomDomainSettings } from '#lib/common/stage.ts';
import {
  authorizerEntry,
  operatorAuthorizerEntry,
  routes as routeTable,
} from '#shared/api/routes.ts';
import {
  corsAllowedHeaders,
  corsAllowedMethods,
  corsExposedHeaders,
  corsMaxAgeSeconds,
} from '#shared/http/cors.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { ApiModule, type RouteBindings } from './api-module.ts';
import {
  type GatewayResponseType,
  gatewayErrorBody,
  gatewayErrorStatus,
  gatewayErrors,
} from './gateway-errors.ts';
import { routesByModule, sharedPaths } from './route-modules.ts';

export interface ApiProps {
  /** Also the API Gateway stage name, so URLs read `…/dev/v1/…`. */
  readonly stageName: string;
  /** Every function reaches tenant items only through these tenant-scoped roles. */
  readonly tenantData: TenantDataBinding;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  /** The operators' pool (lib/auth/operator-identity.ts): the control plane's routes and authorizer. */
  readonly operatorPool: { readonly pool: IUserPool; readonly client: IUserPoolClient };
  /** Function and access-log retention. */
  readonly logRetention: RetentionDays;
  /** What happens to the log groups and the cursor secret when they leave the stack. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * Steady-state requests per second for the whole stage; plan usage plans cap each tenant below it.
   * @default 100
   */
  readonly throttlingRateLimit?: number;
  /**
   * Burst allowance for the whole stage.
   * @default 200
   */
  readonly throttlingBurstLimit?: number;
  /** The job queues, for routes that enqueue (`queues` in the route table). */
  readonly jobs: BindableQueues;
  /** The exports bucket, for routes that hand out download URLs (`exportFiles`). */
  readonly exportsBucket: IBucket;
  /**
   * The feature-flag reader, for routes that evaluate flags (`readsFeatures` or `feature`).
   * @default - none: those routes see every flag at its default
   */
  readonly featureFlags?: { bind(fn: ServiceFunction): void };
  /** Billing (lib/billing/billing.ts), for routes that call Stripe and the read-only check. */
  readonly billing?: RouteBindings['billing'];
  /**
   * Browser origins allowed to call the API: an OPTIONS preflight on every resource, CORS headers
   * on the functions' answers and on API Gateway's own errors.
   * @default [] — no CORS: browsers on other origins cannot read any answer
   */
  readonly corsOrigins?: readonly string[];
  /**
   * Serves the API on this host name too (ACM certificate in the stack's region), stage at `/`.
   * @default - the execute-api URL only
   */
  readonly customDomain?: CustomDomainSettings;
  /**
   * The routes to build; tests may pass a variant.
   * @default - the route table of shared/api/routes.ts
   */
  readonly routes?: Readonly<Record<string, RouteDefinition>>;
}

/** Authorizer results are cached per Authorization header; a removed member keeps access this long at most. */
const authorizerCacheTtl = Duration.seconds(60);

/** Fields API Gateway always fills with a number, written unquoted so log filters can compare them. */
const numericAccessLogFields = ['status', 'responseLatency'] as const;

/**
 * Access log lines: API Gateway's standard JSON fields, plus who called (tenant, user from the
 * authorizer context) and why a request failed, so per-tenant traffic can be queried in Logs Insights.
 */

const accessLogFormat = AccessLogFormat.custom(
  numericAccessLogFields.reduce(
    (format, field) =>
      format.replace(`"${field}":"$context.${field}"`, `"${field}":$context.${field}`),
    JSON.stringify({
      requestId: AccessLogField.contextRequestId(),
      extendedRequestId: AccessLogField.contextExtendedRequestId(),
      ip: AccessLogField.contextIdentitySourceIp(),
      userAgent: AccessLogField.contextIdentityUserAgent(),
      requestTime: AccessLogField.contextRequestTime(),
      httpMethod: AccessLogField.contextHttpMethod(),
      resourcePath: AccessLogField.contextResourcePath(),
      path: AccessLogField.contextPath(),
      protocol: AccessLogField.contextProtocol(),
      status: AccessLogField.contextStatus(),
      responseLength: AccessLogField.contextResponseLength(),
      responseLatency: AccessLogField.contextResponseLatency(),
      integrationLatency: AccessLogField.contextIntegrationLatency(),
      // From the authorizer's context: request metrics per tenant and plan (lib/observability).
      tenantId: AccessLogField.contextAuthorizer('tenantId'),
      userId: AccessLogField.contextAuthorizer('userId'),
      plan: AccessLogField.contextAuthorizer('plan'),
      errorMessage: AccessLogField.contextErrorMessage(),
      authorizerError: AccessLogField.contextAuthorizerError(),
    }),
  ),
);

/** `invitations` → `Invitations`, `audit-log` → `AuditLog`. */
function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .map((word) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`)
    .join('');
}

/** Whether a route lists items and so seals cursors. */
function usesCursors(route: RouteDefinition): boolean {
  return route.cursors === true;
}

export class Api extends Construct {
  readonly restApi: RestApi;
  /** The key that seals list cursors; created only when some route lists with cursors. */
  readonly cursorSecret?: ISecret;
  readonly authorizerFunction: ServiceFunction;
  /** The operator routes' authorizer; created only when the table has operator routes. */
  readonly operatorAuthorizerFunction?: ServiceFunction;
  /** One JSON line per request, with the caller's tenantId and plan. */
  readonly accessLogs: ILogGroup;
  readonly functions: Readonly<Record<string, ServiceFunction>>;
  /** One nested stack per API module (lib/api/route-modules.ts). */
  readonly modules: readonly ApiModule[];
  /** The stage's base URL, ending in `/`. */
  readonly url: string;
  /** The custom domain, when the stage has one: its target host is where DNS must point. */
  readonly domainName?: DomainName;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const routes = props.routes ?? routeTable;

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.accessLogs = accessLogs;
    const corsOrigins = props.corsOrigins ?? [];
    this.restApi = new RestApi(this, 'RestApi', {
      restApiName: `TenantKit-${props.stageName}`,
      description: 'TenantKit API, built from shared/api/routes.ts',
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      // Execution logging (ERROR level) needs API Gateway's account-level CloudWatch role.
      cloudWatchRole: true,
      deployOptions: {
        stageName: props.stageName,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        // Never log bodies: they carry passwords and tokens.
        dataTraceEnabled: false,
        throttlingRateLimit: props.throttlingRateLimit ?? 100,
        throttlingBurstLimit: props.throttlingBurstLimit ?? 200,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat,
      },
      // A mock OPTIONS method on every resource; with several origins CDK's template echoes the
      // request's Origin when it is one of them.
      ...(corsOrigins.length > 0 && {
        defaultCorsPreflightOptions: {
          allowOrigins: [...corsOrigins],
          allowMethods: [...corsAllowedMethods],
          allowHeaders: [...corsAllowedHeaders],
          exposeHeaders: [...corsExposedHeaders],
          maxAge: Duration.seconds(corsMaxAgeSeconds),
          statusCode: 204,
        },
      }),
    });
    if (props.customDomain !== undefined) {
      this.domainName = this.addCustomDomain(props.customDomain);
    }

    this.authorizerFunction = new ServiceFunction(this, 'Authorizer', {
      entry: join(repoRoot, authorizerEntry),
      description: 'Verifies Cognito ID tokens and active membership for tenant routes',
      logRetention: props.logRetention,
      logRemovalPolicy: props.removalPolicy,
    })
      // Reads the tenant and member items: the member item, not the token, is the authority on role.
      .bindTenantData(props.tenantData, 'read')
      .bindUserPool(props.userPool, props.userPoolClient, []);
    const authorizer = new RequestAuthorizer(this, 'TokenAuthorizer', {
      handler: this.authorizerFunction,
      identitySources: [IdentitySource.header('Authorization')],
      resultsCacheTtl: authorizerCacheTtl,
    });

    let operatorAuthorizer: RequestAuthorizer | undefined;
    if (Object.values(routes).some((route) => route.auth === 'operator')) {
      this.operatorAuthorizerFunction = new ServiceFunction(this, 'OperatorAuthorizer', {
        entry: join(repoRoot, operatorAuthorizerEntry),
        description: 'Verifies operator-pool ID tokens and TOTP enrolment for /v1/platform routes',
        logRetention: props.logRetention,
        logRemovalPolicy: props.removalPolicy,
      }).bindOperatorPool(props.operatorPool.pool, props.operatorPool.client, [
        'cognito-idp:AdminGetUser',
      ]);
      operatorAuthorizer = new RequestAuthorizer(this, 'OperatorTokenAuthorizer', {
        handler: this.operatorAuthorizerFunction,
        identitySources: [IdentitySource.header('Authorization')],
        resultsCacheTtl: authorizerCacheTtl,
      });
    }

    if (Object.values(routes).some(usesCursors)) {
      const secret = new Secret(this, 'CursorSecret', {
        description:
          'HMAC key that seals list cursors, so clients cannot forge or replay them across tenants',
        generateSecretString: { passwordLength: 64, excludePunctuation: true },
        removalPolicy: props.removalPolicy,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'The cursor key seals list positions, not credentials, so age exposes nothing; it is rotated by hand without downtime (the secret may hold [new, old] keys while rotating: docs/runbooks/rotate-secrets.md) instead of by a rotation Lambda.',
      });
      this.cursorSecret = secret;
    }

    // Paths that routes of several modules sit under (`/v1`) belong to this stack; each module's
    // nested stack builds the rest of its paths, its functions and its methods.
    for (const path of sharedPaths(routes)) this.restApi.root.resourceForPath(path);
    const functions: Record<string, ServiceFunction> = {};
    const bindings: RouteBindings = {
      tenantData: props.tenantData,
      userPool: props.userPool,
      userPoolClient: props.userPoolClient,
      operatorPool: props.operatorPool,
      authorizerFlush: { restApi: this.restApi, stageName: props.stageName },
      jobs: props.jobs,
      exportsBucket: props.exportsBucket,
      ...(props.featureFlags !== undefined && { featureFlags: props.featureFlags }),
      ...(props.billing !== undefined && { billing: props.billing }),
      ...(this.cursorSecret !== undefined && { cursorSecret: this.cursorSecret }),
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      corsOrigins,
    };
    const modules: ApiModule[] = [];
    for (const [module, moduleRoutes] of routesByModule(routes)) {
      const apiModule = new ApiModule(this, `${pascalCase(module)}Routes`, {
        description: `TenantKit API module ${module}: functions, resources and methods`,
        routes: moduleRoutes,
        restApi: this.restApi,
        authorizers: {
          tenant: authorizer,
          ...(operatorAuthorizer && { operator: operatorAuthorizer }),
        },
        stageName: props.stageName,
        bindings,
      });
      Object.assign(functions, apiModule.functions);
      modules.push(apiModule);
    }
    this.modules = modules;
    this.functions = functions;
    this.addGatewayResponses(corsOrigins);
    if (corsOrigins.length > 0) acknowledgePreflights(this);
    this.url = this.restApi.url;

    Validations.of(this.restApi).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason:
        'Requests are validated in each handler with strict zod schemas (unknown fields rejected, sizes capped) shared with the local runtime; a second, weaker copy in API Gateway models would drift.',
    });
    Validations.of(this.restApi.deploymentStage).acknowledge({
      id: 'AwsSolutions-APIG3',
      reason:
        'The web ACL is a stage setting (lib/common/stage.ts webAcl, on in prod, lib/edge/web-acl.ts): it costs a fixed monthly fee per ACL and rule, so dev relies on the stage throttle and the exact per-tenant and per-IP limits of the API middleware.',
    });
    const cloudWatchRole = this.restApi.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole !== undefined) {
      Validations.of(cloudWatchRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          'The AWS managed policy made for exactly this role: API Gateway writes its execution logs to log groups it names and creates itself.',
      });
    }
  }

  /** The host name, its certificate (TLS 1.2 at least) and the stage mapped at its root. */
  private addCustomDomain(settings: CustomDomainSettings): DomainName {
    const domain = new DomainName(this, 'Domain', {
      domainName: settings.domainName,
      certificate: Certificate.fromCertificateArn(this, 'Certificate', settings.certificateArn),
      endpointType: EndpointType.REGIONAL,
      securityPolicy: SecurityPolicy.TLS_1_2,
    });
    new BasePathMapping(this, 'DomainMapping', {
      domainName: domain,
      restApi: this.restApi,
      stage: this.restApi.deploymentStage,
    });
    return domain;
  }

  /**
   * Every error API Gateway generates answers in the API's JSON error shape, readable by a browser
   * on an allowed origin (else a 401 or 429 reaches its script as an opaque network error). One
   * origin is sent as is; with several, the request's Origin is echoed, as gateway responses cannot
   * compare: their bodies are fixed and name no tenant, and the API uses no cookies, so the echo
   * exposes nothing to an origin outside the list that it could not fetch itself.
   */
  private addGatewayResponses(corsOrigins: readonly string[]): void {
    const cors: Record<string, string> = {};
    if (corsOrigins.length > 0) {
      cors['Access-Control-Allow-Origin'] =
        corsOrigins.length === 1 ? `'${corsOrigins[0]}'` : 'method.request.header.Origin';
      cors['Access-Control-Expose-Headers'] = `'${corsExposedHeaders.join(',')}'`;
      cors.Vary = "'Origin'";
    }
    for (const [type, error] of Object.entries(gatewayErrors) as [
      GatewayResponseType,
      (typeof gatewayErrors)[GatewayResponseType],
    ][]) {
      const headers: Record<string, string> = { 'Content-Type': "'application/json'", ...cors };
      for (const [name, value] of Object.entries(error.headers ?? {})) {
        headers[name] = `'${value}'`;
      }
      this.restApi.addGatewayResponse(`Gateway${type}`, {
        type: ResponseType.of(type),
        statusCode: String(gatewayErrorStatus(error)),
        responseHeaders: headers,
        templates: { 'application/json': gatewayErrorBody(error) },
      });
    }
  }
}

/** The preflight methods CORS adds answer browsers before any token exists, by the CORS standard. */
function acknowledgePreflights(api: Construct): void {
  const reason =
    'CORS preflight (OPTIONS) is a mock integration that only answers which origins, methods and headers are allowed; browsers send it without credentials by the CORS standard, so it cannot carry an authorizer.';
  for (const construct of api.node.findAll()) {
    if (construct instanceof Method && construct.httpMethod === 'OPTIONS') {
      Validations.of(construct).acknowledge({ id: 'AwsSolutions-APIG4', reason });
      Validations.of(construct).acknowledge({ id: 'AwsSolutions-COG4', reason });
    }
  }
}
