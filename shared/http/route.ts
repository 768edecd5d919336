/**
 * The shape of one route of the API: what runs it (CDK, the local gateway), what it accepts and
 * answers (the handler validates with these schemas, OpenAPI is built from them) and its docs.
 * Each domain declares its routes in shared/<domain>/routes.ts; shared/api/routes.ts collects them.
 */
import type * as z from 'zod/mini';
import type { Permission } from '#shared/auth/permissions.ts';
import type { Role } from '#shared/auth/roles.ts';
import type { ErrorCode } from '#shared/errors.ts';
import type { QueueName } from '#shared/jobs/queue-design.ts';
import type { SourceIpPolicy } from '#shared/limits/public-limits.ts';
import type { FeatureName } from '#shared/tenants/plans.ts';

/** Prefixes of the table's global partitions (shared/data/keys.ts globalKeys). */
export type GlobalPartition =
  | 'EMAIL'
  | 'INVTOKEN'
  | 'TOMBSTONE'
  | 'STRIPE'
  | 'STRIPEEVT'
  | 'HEALTH'
  | 'RL'
  | 'PLATFORM';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route's function may do with the table; grants in CDK follow it. */
export type TableAccess = 'none' | 'read' | 'readWrite';

export type UserPoolAction =
  | 'cognito-idp:AdminCreateUser'
  | 'cognito-idp:AdminSetUserPassword'
  | 'cognito-idp:AdminGetUser'
  | 'cognito-idp:AdminDeleteUser'
  | 'cognito-idp:AdminDisableUser'
  | 'cognito-idp:AdminEnableUser'
  | 'cognito-idp:AdminUpdateUserAttributes'
  | 'cognito-idp:AdminUserGlobalSignOut';

/** Request headers a route reads beyond Authorization (`Idempotency-Key` follows `idempotent`). */
export type RequestHeader = 'If-Match' | 'Stripe-Signature';

/** Response headers a route's success answer carries beyond `x-request-id` (documented, checked). */
export type ResponseHeader = 'ETag' | 'Location';

export type SuccessStatus = 200 | 201 | 202 | 204 | 302;

/** What the OpenAPI document says of the route beyond its schemas. */
export interface RouteDocs {
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
}

/** What the route accepts; each part absent means none is accepted (a body or query is a 400). */
export interface RouteRequest {
  readonly body?: z.ZodMiniType;
  readonly query?: z.ZodMiniType;
  readonly path?: z.ZodMiniType;
  /**
   * The body is taken as it is, unparsed (a webhook verifies its signature on the exact bytes); the
   * handler reads `rawBody`. Not combined with `body`.
   */
  readonly rawBody?: true;
  readonly headers?: readonly RequestHeader[];
}

/** The route's one success answer. */
export interface RouteResponse {
  readonly status: SuccessStatus;
  readonly description: string;
  /** The body's schema; none means an empty body. Handlers are typed against it, tests check it. */
  readonly body?: z.ZodMiniType;
  /** Headers always present on this answer. */
  readonly headers?: readonly ResponseHeader[];
}

interface RouteBase {
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/v1/projects/{id}`. */
  readonly path: `/${string}`;
  /** The handler module, relative to the repository root; it exports `handler`. */
  readonly entry: `functions/${string}.ts`;
  readonly docs: RouteDocs;
  readonly request?: RouteRequest;
  readonly response: RouteResponse;
  /** Errors beyond the ones every route can answer (400, 500, 503; 401/403/429 on tenant routes). */
  readonly errors?: readonly ErrorCode[];
  readonly table: TableAccess;
  readonly userPool?: readonly UserPoolAction[];
  /**
   * Global (non-tenant) partitions the function reads with its own role before it knows the tenant,
   * e.g. the invitation-token lookup of the public accept route. Everything else goes through the
   * tenant-scoped roles.
   */
  readonly globalReads?: readonly GlobalPartition[];
  /**
   * Global partitions the function reads, writes and deletes single items of with its own role,
   * e.g. a Stripe webhook's customer lookup (`STRIPE#…`) and event dedupe (`STRIPEEVT#…`).
   */
  readonly globalWrites?: readonly GlobalPartition[];
  /** Accepts an `Idempotency-Key` header (creates); the handler receives it as `idempotency`. */
  readonly idempotent?: boolean;
  /** Reads the cursor-sealing secret (list routes). */
  readonly cursors?: boolean;
  /** Job queues it enqueues onto: SendMessage on exactly these, and the queue URLs set. */
  readonly queues?: readonly QueueName[];
  /**
   * Calls Stripe (shared/billing): CDK gives it the Stripe secret (read once per cold start), the
   * price table and the return URL.
   */
  readonly stripe?: true;
  /** Pre-signs download URLs for export files (GetObject on the tenants' export prefixes). */
  readonly exportFiles?: 'presign';
  /**
   * The per-source-IP bucket it draws from (shared/limits/public-limits.ts): the rate-limited public
   * routes, and the tenant routes that check a password or code, in addition to their tenant's
   * bucket. None for health and docs. Its function may also use the sign-in failure budgets.
   */
  readonly sourceIpLimit?: SourceIpPolicy;
  /**
   * Flushes the stage's authorizer cache after it changed who may call (a removal, a suspension, an
   * offboarding), so the change holds within seconds instead of the cache's TTL.
   */
  readonly flushesAuthorizers?: true;
}

export interface PublicRoute extends RouteBase {
  readonly auth: 'public';
  /** Signs operators in: the function gets the operator pool's ids instead of the tenant pool's. */
  readonly operatorPool?: true;
}

export interface TenantRoute extends RouteBase {
  readonly auth: 'tenant';
  /** The least role that may call it; enforced once, in the API handler middleware. */
  readonly minRole: Role;
  /**
   * The entry of shared/auth/permissions.ts it needs; written `...can('writeData')`, which sets
   * `minRole` from that table. A unit test requires it on every tenant route.
   */
  readonly permission?: Permission;
  /**
   * Reachable with the token of a member who must still enrol an authenticator (the tenant
   * requires MFA): the enrolment routes and sign-out. Every other tenant route answers 403.
   */
  readonly duringMfaSetup?: true;
  /** A feature the caller's tenant must have (shared/features); off → 403 `feature_disabled`. */
  readonly feature?: FeatureName;
  /** Evaluates feature flags in its handler (GET /v1/me lists them); CDK gives it the AppConfig reader. */
  readonly readsFeatures?: boolean;
}

/**
 * A control-plane route under `/v1/platform/…`: reached only with an operator's token (the operator
 * pool's own authorizer); a tenant's token, an owner's included, is refused before anything runs.
 */
export interface OperatorRoute extends RouteBase {
  readonly auth: 'operator';
  /** Queries the tenant directory index (GSI3, `TENANTS`) with the function's own role. */
  readonly tenantDirectory?: true;
  /** Queries the cost ranking of a day or month (GSI1, `COSTRANK#…`) with the function's own role. */
  readonly costRanking?: true;
}

export type RouteDefinition = PublicRoute | TenantRoute | OperatorRoute;

/** Conditional reads: a GET with an ETag answers 304 when `If-None-Match` names the current tag. */
export function isConditionalRead(route: RouteDefinition): boolean {
  return route.method === 'GET' && (route.response.headers ?? []).includes('ETag');
}
