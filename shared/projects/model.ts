/** Projects, the sample tenant resource, and the port their store implements. */
import * as z from 'zod/mini';
import type { AuditEvent } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { IdempotencyRequest, StoredResponse } from '#shared/data/idempotency.ts';
import type { PageKey } from '#shared/http/cursor.ts';
import type { ExpectedVersion } from '#shared/versions.ts';

export const projectStatuses = ['active', 'archived'] as const;
export const projectStatusSchema = z.enum(projectStatuses);
export type ProjectStatus = z.infer<typeof projectStatusSchema>;

export const projectSchema = z.object({
  projectId: z.string(),
  name: z.string(),
  description: z.string(),
  status: projectStatusSchema,
  tags: z.array(z.string()),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  version: z.number().check(z.int()),
});
export type Project = z.infer<typeof projectSchema>;

export type ProjectChanges = Partial<Pick<Project, 'name' | 'description' | 'status' | 'tags'>>;

export interface ProjectPage {
  readonly items: readonly Project[];
  readonly lastKey: PageKey | undefined;
}

export type CreateOutcome =
  | { readonly kind: 'created' }
  | { readonly kind: 'limitReached' }
  | { readonly kind: 'keyAlreadyUsed' };

/** Persistence port for projects. Every write records its audit event in the same transaction. */
export interface ProjectStore {
  create(
    scope: TenantScope,
    project: Project,
    options: {
      readonly maxProjects: number;
      readonly audit: AuditEvent;
      readonly idempotency?: {
        readonly request: IdempotencyRequest;
        readonly response: StoredResponse;
      };
    },
  ): Promise<CreateOutcome>;
  get(scope: TenantScope, projectId: string): Promise<Project | undefined>;
  list(
    scope: TenantScope,
    query: { readonly status?: ProjectStatus; readonly limit: number; readonly startKey?: PageKey },
  ): Promise<ProjectPage>;
  /** NotFoundError when absent; PreconditionFailedError when `expectedVersion` is stale. */
  update(
    scope: TenantScope,
    updated: Project,
    expectedVersion: number,
    audit: AuditEvent,
  ): Promise<void>;
  /** As update; `any` deletes whatever version is current. */
  delete(
    scope: TenantScope,
    projectId: string,
    expectedVersion: ExpectedVersion,
    audit: AuditEvent,
  ): Promise<void>;
  storedResponse(
    scope: TenantScope,
    request: IdempotencyRequest,
    now: Date,
  ): Promise<StoredResponse | undefined>;
}
