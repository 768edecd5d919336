/** The shape of one route of the API; the table of them lives in shared/api/routes.ts. */
import type { Permission } from '#shared/auth/permissions.ts';
import type { Role } from '#shared/auth/roles.ts';
import type { QueueName } from '#shared/jobs/queue-design.ts';

/** Prefixes of the table's global partitions (shared/data/keys.ts globalKeys). */
export type GlobalPartition = 'EMAIL' | 'INVTOKEN' | 'TOMBSTONE';

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

interface RouteBase {
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/v1/projects/{id}`. */
  readonly path: `/${string}`;
  /** The handler module, relative to the repository root; it exports `handler`. */
  readonly entry: `functions/${string}.ts`;
  readonly table: TableAccess;
  readonly userPool?: readonly UserPoolAction[];
  /**
   * Global (non-tenant) partitions the function reads with its own role before it knows the tenant,
   * e.g. the invitation-token lookup of the public accept route. Everything else goes through the
   * tenant-scoped roles.
   */
  readonly globalReads?: readonly GlobalPartition[];
  /** Accepts an `Idempotency-Key` header (creates); the handler receives it as `idempotency`. */
  readonly idempotent?: boolean;
  /** Reads the cursor-sealing secret (list routes). */
  readonly cursors?: boolean;
  /** Job queues it enqueues onto: SendMessage on exactly these, and the queue URLs set. */
  readonly queues?: readonly QueueName[];
  /** Pre-signs download URLs for export files (GetObject on the tenants' export prefixes). */
  readonly exportFiles?: 'presign';
}

export interface PublicRoute extends RouteBase {
  readonly auth: 'public';
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
}

export type RouteDefinition = PublicRoute | TenantRoute;
