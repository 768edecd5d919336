/**
 * A tenant resource: a versioned (ETag / If-Match), audited, idempotent, plan-limited, cursor-paged
 * collection of items in the tenant's partition. A resource module declares one TenantResource;
 * the store (shared/data/resource-store.ts) and the use cases (./service.ts) do the rest.
 */
import * as z from 'zod/mini';
import type { AuditEvent } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { AuditedCreate } from '#shared/data/audited-create.ts';
import type { IdempotencyRequest, StoredResponse } from '#shared/data/idempotency.ts';
import type { SortKeyPrefix } from '#shared/data/keys.ts';
import type { PageKey } from '#shared/http/cursor.ts';
import type { ResourceLimit } from '#shared/tenants/plans.ts';
import type { ExpectedVersion } from '#shared/versions.ts';

/** The attributes every resource item carries besides its own. */
export const resourceMetaShape = {
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  version: z.number().check(z.int()),
};
export type ResourceMeta = z.infer<z.ZodMiniObject<typeof resourceMetaShape>>;

export interface TenantResource<R extends ResourceMeta, New, V, C = V> {
  /** Singular: the item type, the audit target and verbs (`<name>.created`), the messages. */
  readonly name: string;
  /** Plural: the listing (cursors are bound to it) and the counter the plan limit is checked on. */
  readonly plural: string;
  readonly keyPrefix: SortKeyPrefix;
  /** The stored item; every read of one item is parsed by it. */
  readonly schema: z.ZodMiniType<R> & z.ZodMiniObject;
  /** The plan limit on how many the tenant may have. */
  readonly limit: ResourceLimit;
  readonly idOf: (record: R) => string;
  /** The new item from the create body, its id and the common attributes. */
  readonly create: (input: New, id: string, meta: ResourceMeta) => R;
  /** What the API shows of an item. */
  readonly view: (record: R) => V;
  /** What the create answers, when it shows more than `view` (a secret shown once). */
  readonly createdView?: (record: R) => C;
  /** A listing filter on one string attribute, served exactly by GSI2 (`index` names its key). */
  readonly filter?: { readonly attribute: keyof R & string; readonly index: string };
}

/** What a create answers: the created view, or (C defaulting to V) the plain view. */
export function createdViewOf<R extends ResourceMeta, New, V, C>(
  resource: TenantResource<R, New, V, C>,
): (record: R) => C {
  return resource.createdView ?? (resource.view as unknown as (record: R) => C);
}

/** `Project not found`: the one message a missing item of `resource` answers with. */
export function notFoundMessage(resource: { readonly name: string }): string {
  return `${resource.name.charAt(0).toUpperCase()}${resource.name.slice(1)} not found`;
}

export interface ResourcePage<R> {
  readonly items: readonly R[];
  readonly lastKey: PageKey | undefined;
}

export type CreateOutcome =
  | { readonly kind: 'created' }
  | { readonly kind: 'limitReached' }
  | { readonly kind: 'keyAlreadyUsed' };

/** Persistence port of one resource. Every write records its audit event in the same transaction. */
export interface ResourceStore<R> {
  create(
    scope: TenantScope,
    record: R,
    options: AuditedCreate & { readonly max: number },
  ): Promise<CreateOutcome>;
  get(scope: TenantScope, id: string): Promise<R | undefined>;
  /** Newest first; with `filter`, exactly the items of that value (an index, not a filter). */
  list(
    scope: TenantScope,
    query: { readonly filter?: string; readonly limit: number; readonly startKey?: PageKey },
  ): Promise<ResourcePage<R>>;
  /** NotFoundError when absent; PreconditionFailedError when `expectedVersion` is stale. */
  update(scope: TenantScope, updated: R, expectedVersion: number, audit: AuditEvent): Promise<void>;
  /** Frees a slot of the plan limit; NotFoundError / PreconditionFailedError as `update`. */
  /** As update; `any` deletes whatever version is current. */
  delete(
    scope: TenantScope,
    id: string,
    expectedVersion: ExpectedVersion,
    audit: AuditEvent,
  ): Promise<void>;
  storedResponse(
    scope: TenantScope,
    request: IdempotencyRequest,
    now: Date,
  ): Promise<StoredResponse | undefined>;
}
