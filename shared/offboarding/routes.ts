/** The offboarding route: the owner deletes the tenant and all its data. */
import { can } from '#shared/auth/permissions.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { deleteTenantBodySchema, offboardingStartedSchema } from './api-schemas.ts';

export const offboardingRoutes = {
  // Owner only, and confirmed with the tenant's name: it deletes everything, for every member.
  deleteTenant: {
    method: 'DELETE',
    path: '/v1/tenant',
    entry: 'functions/tenants/delete.ts',
    // Every member's cached authorization ends now, not at the cache's TTL.
    flushesAuthorizers: true,
    auth: 'tenant',
    ...can('manageTenant'),
    table: 'readWrite',
    queues: ['bulk'],
    docs: {
      summary: 'Delete the tenant and all its data',
      description:
        'Owner only; `confirm` must be the tenant’s exact name. The tenant turns `deleting` at once, so every token of its members is refused from then on (on AWS after the authorizer cache, at most 60 s), and a background job deletes every item, user and export file, leaving a tombstone record outside the tenant’s data.',
      tag: 'Tenants',
    },
    request: { body: deleteTenantBodySchema },
    response: { status: 202, description: 'Deletion started', body: offboardingStartedSchema },
    errors: ['conflict'],
  },
} as const satisfies Record<string, RouteDefinition>;
