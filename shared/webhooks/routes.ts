/** The webhook endpoint routes: a tenant's registry of URLs its events go to, admin and owner only. */
import { pageSchema } from '#shared/api-docs/common-schemas.ts';
import { can } from '#shared/auth/permissions.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { resourcePathSchema } from '#shared/resources/api-schemas.ts';
import {
  createWebhookBodySchema,
  listWebhooksQuerySchema,
  updateWebhookBodySchema,
} from './api-schemas.ts';
import { createdWebhookViewSchema, webhookViewSchema } from './resource.ts';

export const webhookRoutes = {
  createWebhook: {
    method: 'POST',
    path: '/v1/webhooks',
    entry: 'functions/webhooks/create.ts',
    auth: 'tenant',
    ...can('manageWebhooks'),
    table: 'readWrite',
    idempotent: true,
    docs: {
      summary: 'Register a webhook endpoint',
      description:
        'Admin or owner. The URL must be https on a public host (no loopback, private or link-local addresses). The answer carries the endpoint’s signing `secret`, the only time the API shows it. Idempotent with an `Idempotency-Key` header.',
      tag: 'Webhooks',
    },
    request: { body: createWebhookBodySchema },
    response: {
      status: 201,
      description: 'Registered',
      body: createdWebhookViewSchema,
      headers: ['ETag', 'Location'],
    },
    errors: ['plan_limit_reached', 'idempotency_mismatch', 'conflict'],
  },
  listWebhooks: {
    method: 'GET',
    path: '/v1/webhooks',
    entry: 'functions/webhooks/list.ts',
    auth: 'tenant',
    ...can('manageWebhooks'),
    table: 'read',
    cursors: true,
    docs: { summary: 'List webhook endpoints, newest first', tag: 'Webhooks' },
    request: { query: listWebhooksQuerySchema },
    response: {
      status: 200,
      description: 'One page',
      body: pageSchema(webhookViewSchema, 'WebhookPage'),
    },
  },
  getWebhook: {
    method: 'GET',
    path: '/v1/webhooks/{id}',
    entry: 'functions/webhooks/get.ts',
    auth: 'tenant',
    ...can('manageWebhooks'),
    table: 'read',
    docs: { summary: 'Read a webhook endpoint (never its secret)', tag: 'Webhooks' },
    request: { path: resourcePathSchema },
    response: {
      status: 200,
      description: 'The endpoint',
      body: webhookViewSchema,
      headers: ['ETag'],
    },
    errors: ['not_found'],
  },
  updateWebhook: {
    method: 'PATCH',
    path: '/v1/webhooks/{id}',
    entry: 'functions/webhooks/update.ts',
    auth: 'tenant',
    ...can('manageWebhooks'),
    table: 'readWrite',
    docs: { summary: 'Change a webhook endpoint', tag: 'Webhooks' },
    request: { path: resourcePathSchema, body: updateWebhookBodySchema, headers: ['If-Match'] },
    response: {
      status: 200,
      description: 'The changed endpoint',
      body: webhookViewSchema,
      headers: ['ETag'],
    },
    errors: ['not_found', 'precondition_failed', 'precondition_required'],
  },
  deleteWebhook: {
    method: 'DELETE',
    path: '/v1/webhooks/{id}',
    entry: 'functions/webhooks/delete.ts',
    auth: 'tenant',
    ...can('manageWebhooks'),
    table: 'readWrite',
    docs: { summary: 'Remove a webhook endpoint', tag: 'Webhooks' },
    request: { path: resourcePathSchema, headers: ['If-Match'] },
    response: { status: 204, description: 'Removed' },
    errors: ['not_found', 'precondition_failed', 'precondition_required'],
  },
} as const satisfies Record<string, RouteDefinition>;
