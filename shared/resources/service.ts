/**
 * The use cases of every tenant resource, with the API's conventions in one place: plan limits
 * kept exact by transactions, idempotent creates, optimistic concurrency, sealed cursors, and an
 * audit event (`<name>.created|updated|deleted`) with every change.
 */
import { auditEvent } from '#shared/audit/audit-log.ts';
import type { IdempotencyRequest } from '#shared/data/idempotency.ts';
import { NotFoundError, PlanLimitError } from '#shared/errors.ts';
import type { CursorCodec } from '#shared/http/cursor.ts';
import type { ListPage } from '#shared/http/list.ts';
import { type CreateResponse, createIdempotently } from '#shared/idempotent-create.ts';
import { newUlid } from '#shared/ids.ts';
import type { Caller } from '#shared/requests.ts';
import { plans } from '#shared/tenants/plans.ts';
import { type ExpectedVersion, versionToReplace } from '#shared/versions.ts';
import {
  createdViewOf,
  notFoundMessage,
  type ResourceMeta,
  type ResourceStore,
  type TenantResource,
} from './model.ts';

export interface ResourceDependencies<R> {
  readonly store: ResourceStore<R>;
  readonly now?: () => Date;
}

function audit(
  resource: { readonly name: string },
  { ctx, meta }: Caller,
  verb: 'created' | 'updated' | 'deleted',
  id: string,
  at: Date,
  details?: Readonly<Record<string, unknown>>,
) {
  return auditEvent(
    {
      actorId: ctx.userId,
      action: `${resource.name}.${verb}`,
      target: { type: resource.name, id },
      meta,
      ...(details && { details }),
    },
    at,
  );
}

export async function createResource<R extends ResourceMeta, New, V, C>(
  resource: TenantResource<R, New, V, C>,
  caller: Caller,
  input: New,
  idempotency: IdempotencyRequest | undefined,
  { store, now = () => new Date() }: ResourceDependencies<R>,
): Promise<CreateResponse<C>> {
  const { ctx } = caller;
  const max = plans[ctx.plan][resource.limit];
  return createIdempotently<C>(idempotency, {
    now,
    storedResponse: (request, at) => store.storedResponse(ctx, request, at),
    attempt: async (at) => {
      const id = newUlid(at.getTime());
      const stamp = at.toISOString();
      const record = resource.create(input, id, {
        createdAt: stamp,
        createdBy: ctx.userId,
        updatedAt: stamp,
        updatedBy: ctx.userId,
        version: 1,
      });
      const body = createdViewOf(resource)(record);
      const outcome = await store.create(ctx, record, {
        max,
        audit: audit(resource, caller, 'created', id, at),
        ...(idempotency && {
          idempotency: { request: idempotency, response: { statusCode: 201, body } },
        }),
      });
      if (outcome.kind === 'limitReached') {
        throw new PlanLimitError(`The ${ctx.plan} plan allows at most ${max} ${resource.plural}`, {
          limit: resource.limit,
          max,
          plan: ctx.plan,
        });
      }
      return outcome.kind === 'created' ? { kind: 'created', body } : outcome;
    },
  });
}

async function current<R extends ResourceMeta>(
  resource: TenantResource<R, never, unknown, unknown>,
  { ctx }: Pick<Caller, 'ctx'>,
  id: string,
  store: ResourceStore<R>,
): Promise<R> {
  const record = await store.get(ctx, id);
  if (!record) throw new NotFoundError(notFoundMessage(resource));
  return record;
}

export async function getResource<R extends ResourceMeta, V>(
  resource: TenantResource<R, never, V, unknown>,
  caller: Pick<Caller, 'ctx'>,
  id: string,
  { store }: ResourceDependencies<R>,
): Promise<V> {
  return resource.view(await current(resource, caller, id, store));
}

export async function listResources<R extends ResourceMeta, V>(
  resource: TenantResource<R, never, V, unknown>,
  { ctx }: Pick<Caller, 'ctx'>,
  query: { readonly filter?: string; readonly limit: number; readonly cursor?: string },
  codec: CursorCodec,
  { store }: ResourceDependencies<R>,
): Promise<ListPage<V>> {
  // The cursor is bound to the filter too: a cursor of ?status=active cannot page ?status=archived.
  const listing = resource.filter
    ? `${resource.plural}?${resource.filter.attribute}=${query.filter ?? '*'}`
    : resource.plural;
  const startKey =
    query.cursor === undefined ? undefined : codec.decode(ctx, listing, query.cursor);
  const page = await store.list(ctx, {
    ...(query.filter !== undefined && { filter: query.filter }),
    limit: query.limit,
    ...(startKey && { startKey }),
  });
  return {
    items: page.items.map(resource.view),
    nextCursor: page.lastKey ? codec.encode(ctx, listing, page.lastKey) : null,
  };
}

/** Applies the fields of `changes` that are set; 412 when `expected` is stale. */
export async function updateResource<R extends ResourceMeta, V>(
  resource: TenantResource<R, never, V, unknown>,
  caller: Caller,
  id: string,
  expected: ExpectedVersion,
  changes: Partial<R>,
  { store, now = () => new Date() }: ResourceDependencies<R>,
): Promise<V> {
  const before = await current(resource, caller, id, store);
  const expectedVersion = versionToReplace(expected, before.version);
  const at = now();
  const fields = (Object.keys(changes) as (keyof R & string)[]).filter(
    (field) => changes[field] !== undefined,
  );
  const updated: R = {
    ...before,
    ...Object.fromEntries(fields.map((field) => [field, changes[field]])),
    updatedAt: at.toISOString(),
    updatedBy: caller.ctx.userId,
    version: expectedVersion + 1,
  };
  await store.update(
    caller.ctx,
    updated,
    expectedVersion,
    audit(resource, caller, 'updated', id, at, { fields }),
  );
  return resource.view(updated);
}

export async function deleteResource<R extends ResourceMeta>(
  resource: TenantResource<R, never, unknown, unknown>,
  caller: Caller,
  id: string,
  expectedVersion: ExpectedVersion,
  { store, now = () => new Date() }: ResourceDependencies<R>,
): Promise<void> {
  await store.delete(
    caller.ctx,
    id,
    expectedVersion,
    audit(resource, caller, 'deleted', id, now()),
  );
}
