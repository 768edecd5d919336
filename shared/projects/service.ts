/**
 * The project use cases: the API's conventions in one place for SaaS teams to copy — plan limits
 * kept exact by transactions, idempotent creates, optimistic concurrency, sealed cursors, and an
 * audit event with every change.
 */

import { auditEvent } from '#shared/audit/audit-log.ts';
import type { IdempotencyRequest } from '#shared/data/idempotency.ts';
import { NotFoundError, PlanLimitError } from '#shared/errors.ts';
import type { CursorCodec } from '#shared/http/cursor.ts';
import type { ListPage } from '#shared/http/list.ts';
import { newUlid } from '#shared/ids.ts';
import type { Caller } from '#shared/requests.ts';
import { plans } from '#shared/tenants/plans.ts';
import { type ExpectedVersion, versionToReplace } from '#shared/versions.ts';
import type { Project, ProjectChanges, ProjectStatus, ProjectStore } from './model.ts';
import { type ProjectView, projectView } from './views.ts';

export interface ProjectDependencies {
  readonly store: ProjectStore;
  readonly now?: () => Date;
}

export interface NewProject {
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
}

export interface CreatedProject {
  readonly project: ProjectView;
  /** True when this answers a retry of an earlier request with the same Idempotency-Key. */
  readonly replayed: boolean;
}

const maxIdempotencyAttempts = 2;

export async function createProject(
  { ctx, meta }: Caller,
  input: NewProject,
  idempotency: IdempotencyRequest | undefined,
  { store, now = () => new Date() }: ProjectDependencies,
): Promise<CreatedProject> {
  const limit = plans[ctx.plan].maxProjects;
  for (let attempt = 1; attempt <= maxIdempotencyAttempts; attempt++) {
    const at = now();
    const project: Project = {
      projectId: newUlid(at.getTime()),
      name: input.name,
      description: input.description,
      status: 'active',
      tags: [...input.tags],
      createdAt: at.toISOString(),
      createdBy: ctx.userId,
      updatedAt: at.toISOString(),
      updatedBy: ctx.userId,
      version: 1,
    };
    const view = projectView(project);
    const outcome = await store.create(ctx, project, {
      maxProjects: limit,
      audit: auditEvent(
        {
          actorId: ctx.userId,
          action: 'project.created',
          target: { type: 'project', id: project.projectId },
          meta,
        },
        at,
      ),
      ...(idempotency && {
        idempotency: { request: idempotency, response: { statusCode: 201, body: view } },
      }),
    });
    if (outcome.kind === 'created') return { project: view, replayed: false };
    if (outcome.kind === 'limitReached') {
      throw new PlanLimitError(`The ${ctx.plan} plan allows at most ${limit} projects`, {
        limit: 'maxProjects',
        max: limit,
        plan: ctx.plan,
      });
    }
    if (!idempotency) break;
    const stored = await store.storedResponse(ctx, idempotency, at);
    // Undefined: the record expired between the two calls; the key is free again, so try once more.
    if (stored) return { project: stored.body as ProjectView, replayed: true };
  }
  throw new Error('Idempotent project create did not settle');
}

export async function getProject(
  { ctx }: Pick<Caller, 'ctx'>,
  projectId: string,
  { store }: ProjectDependencies,
): Promise<ProjectView> {
  const project = await store.get(ctx, projectId);
  if (!project) throw new NotFoundError('Project not found');
  return projectView(project);
}

export async function listProjects(
  { ctx }: Pick<Caller, 'ctx'>,
  query: { status?: ProjectStatus; limit: number; cursor?: string },
  codec: CursorCodec,
  { store }: ProjectDependencies,
): Promise<ListPage<ProjectView>> {
  // The cursor is bound to the filter too: a cursor of ?status=active cannot page ?status=archived.
  const listing = `projects?status=${query.status ?? '*'}`;
  const startKey =
    query.cursor === undefined ? undefined : codec.decode(ctx, listing, query.cursor);
  const page = await store.list(ctx, {
    ...(query.status && { status: query.status }),
    limit: query.limit,
    ...(startKey && { startKey }),
  });
  return {
    items: page.items.map(projectView),
    nextCursor: page.lastKey ? codec.encode(ctx, listing, page.lastKey) : null,
  };
}

export async function updateProject(
  { ctx, meta }: Caller,
  projectId: string,
  expected: ExpectedVersion,
  changes: ProjectChanges,
  { store, now = () => new Date() }: ProjectDependencies,
): Promise<ProjectView> {
  const current = await store.get(ctx, projectId);
  if (!current) throw new NotFoundError('Project not found');
  const expectedVersion = versionToReplace(expected, current.version);
  const at = now();
  const changed = (Object.keys(changes) as (keyof ProjectChanges)[]).filter(
    (field) => changes[field] !== undefined,
  );
  const updated: Project = {
    ...current,
    ...Object.fromEntries(changed.map((field) => [field, changes[field]])),
    updatedAt: at.toISOString(),
    updatedBy: ctx.userId,
    version: expectedVersion + 1,
  };
  await store.update(
    ctx,
    updated,
    expectedVersion,
    auditEvent(
      {
        actorId: ctx.userId,
        action: 'project.updated',
        target: { type: 'project', id: projectId },
        meta,
        details: { fields: changed },
      },
      at,
    ),
  );
  return projectView(updated);
}

export async function deleteProject(
  { ctx, meta }: Caller,
  projectId: string,
  expectedVersion: ExpectedVersion,
  { store, now = () => new Date() }: ProjectDependencies,
): Promise<void> {
  await store.delete(
    ctx,
    projectId,
    expectedVersion,
    auditEvent(
      {
        actorId: ctx.userId,
        action: 'project.deleted',
        target: { type: 'project', id: projectId },
        meta,
      },
      now(),
    ),
  );
}
