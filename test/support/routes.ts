/** A made-up route of each kind, for tests of the API middleware stack. */
import type { PublicRoute, TenantRoute } from '#shared/http/route.ts';

export const adminRoute: TenantRoute = {
  method: 'POST',
  path: '/v1/things',
  entry: 'functions/things/create.ts',
  auth: 'tenant',
  minRole: 'admin',
  table: 'readWrite',
};

export const publicRoute: PublicRoute = { ...adminRoute, auth: 'public' };
