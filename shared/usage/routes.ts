/** The usage route: this month's requests against the quota, and holdings against the plan. */
import { can } from '#shared/auth/permissions.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { usageViewSchema } from './api-schemas.ts';

export const usageRoutes = {
  getUsage: {
    method: 'GET',
    path: '/v1/usage',
    entry: 'functions/usage/get.ts',
    auth: 'tenant',
    ...can('readUsage'),
    table: 'read',
    docs: {
      summary: "This month's usage against the plan",
      description:
        'Requests counted by the rate limiter (the figure billing meters) against the monthly quota, seats, projects and webhooks against the plan, and the other counters of the month. The month is the calendar month in UTC.',
      tag: 'Usage',
    },
    response: { status: 200, description: 'The usage', body: usageViewSchema },
  },
} as const satisfies Record<string, RouteDefinition>;
