/** The project routes: the sample tenant resource, versioned, audited and plan-limited. */
import { pageSchema } from '#shared/api-docs/common-schemas.ts';
import { can } from '#shared/auth/permissions.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { resourcePathSchema as projectPathSchema } from '#shared/resources/api-schemas.ts';
import {
  createProjectBodySchema,
  listProjectsQuerySchema,
  updateProjectBodySchema,
} from './api-schemas.ts';
import { projectViewSchema } from './resource.ts';

export const projectRoutes = {
  createProject: {
    method: 'POST',
    path: '/v1/projects',
    entry: 'functions/projects/create.ts',
    auth: 'tenant',
    ...can('writeData'),
    table: 'readWrite',
    idempotent: true,
    docs: {
      summary: 'Create a project',
      description:
        'Idempotent with an `Idempotency-Key` header (same key and body → the first response; another body → 422; keys kept 24 h).',
      tag: 'Projects',
    },
    request: { body: createProjectBodySchema },
    response: {
      status: 201,
      description: 'Created',
      body: projectViewSchema,
      headers: ['ETag', 'Location'],
    },
    errors: ['plan_limit_reached', 'idempotency_mismatch', 'conflict'],
  },
  listProjects: {
    method: 'GET',
    path: '/v1/projects',
    entry: 'functions/projects/list.ts',
    auth: 'tenant',
    ...can('read'),
    table: 'read',
    cursors: true,
    docs: { summary: 'List projects, newest first', tag: 'Projects' },
    request: { query: listProjectsQuerySchema },
    response: {
      status: 200,
      description: 'One page',
      body: pageSchema(projectViewSchema, 'ProjectPage'),
    },
  },
  getProject: {
    method: 'GET',
    path: '/v1/projects/{id}',
    entry: 'functions/projects/get.ts',
    auth: 'tenant',
    ...can('read'),
    table: 'read',
    docs: { summary: 'Read a project', tag: 'Projects' },
    request: { path: projectPathSchema },
    response: {
      status: 200,
      description: 'The project',
      body: projectViewSchema,
      headers: ['ETag'],
    },
    errors: ['not_found'],
  },
  updateProject: {
    method: 'PATCH',
    path: '/v1/projects/{id}',
    entry: 'functions/projects/update.ts',
    auth: 'tenant',
    ...can('writeData'),
    table: 'readWrite',
    docs: { summary: 'Change a project', tag: 'Projects' },
    request: { path: projectPathSchema, body: updateProjectBodySchema, headers: ['If-Match'] },
    response: {
      status: 200,
      description: 'The changed project',
      body: projectViewSchema,
      headers: ['ETag'],
    },
    errors: ['not_found', 'precondition_failed', 'precondition_required'],
  },
  deleteProject: {
    method: 'DELETE',
    path: '/v1/projects/{id}',
    entry: 'functions/projects/delete.ts',
    auth: 'tenant',
    ...can('writeData'),
    table: 'readWrite',
    docs: { summary: 'Delete a project', tag: 'Projects' },
    request: { path: projectPathSchema, headers: ['If-Match'] },
    response: { status: 204, description: 'Deleted' },
    errors: ['not_found', 'precondition_failed', 'precondition_required'],
  },
} as const satisfies Record<string, RouteDefinition>;
