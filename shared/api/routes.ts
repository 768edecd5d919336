/**
 * Every route of the API, once: each domain declares its own in shared/<domain>/routes.ts (so a
 * handler's bundle holds only its domain's schemas), and this table collects them. The CDK stack
 * builds API Gateway methods and one function per route from it, the local gateway dispatches from
 * it and the OpenAPI document is built from it, so none of them can drift.
 */
import { accountRoutes } from '#shared/accounts/routes.ts';
import { auditRoutes } from '#shared/audit/routes.ts';
import { authRoutes } from '#shared/auth/routes.ts';
import { billingRoutes } from '#shared/billing/routes.ts';
import { exportRoutes } from '#shared/exports/routes.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { invitationRoutes } from '#shared/invitations/routes.ts';
import { jobRoutes } from '#shared/jobs/routes.ts';
import { memberRoutes } from '#shared/members/routes.ts';
import { offboardingRoutes } from '#shared/offboarding/routes.ts';
import { operationRoutes } from '#shared/operations/routes.ts';
import {
  platformActionRoutes,
  platformAuthRoutes,
  platformTenantRoutes,
} from '#shared/platform/routes.ts';
import { projectRoutes } from '#shared/projects/routes.ts';
import { tenantRoutes } from '#shared/tenants/routes.ts';
import { usageRoutes } from '#shared/usage/routes.ts';
import { webhookRoutes } from '#shared/webhooks/routes.ts';

export const routes = {
  ...operationRoutes,
  ...authRoutes,
  ...accountRoutes,
  ...tenantRoutes,
  ...projectRoutes,
  ...memberRoutes,
  ...invitationRoutes,
  ...auditRoutes,
  ...offboardingRoutes,
  ...exportRoutes,
  ...jobRoutes,
  ...webhookRoutes,
  ...usageRoutes,
  ...billingRoutes,
  ...platformAuthRoutes,
  ...platformTenantRoutes,
  ...platformActionRoutes,
} as const satisfies Record<string, RouteDefinition>;

export type RouteId = keyof typeof routes;

/** The authorizers are not routes, but are built and run the same way in both runtimes. */
export const authorizerEntry = 'functions/auth/authorizer.ts';
/** The operator routes' own authorizer (the operator pool); never used for tenant routes. */
export const operatorAuthorizerEntry = 'functions/auth/operator-authorizer.ts';
