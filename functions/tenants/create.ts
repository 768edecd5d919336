/** POST /v1/tenants: public sign-up of a new tenant and its owner. */

import { z } from 'zod';
import { routes } from '#lib/api/routes.ts';
import { tenantStore } from '#shared/data/stores.ts';
import { apiHandler, created } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import { emailSchema, passwordSchema } from '#shared/identity/password-policy.ts';
import { signUpTenant } from '#shared/tenants/sign-up.ts';
import { memberView, tenantView } from '#shared/tenants/views.ts';

const body = z.strictObject({
  tenantName: z.string().trim().min(1).max(100),
  email: emailSchema,
  password: passwordSchema,
});

export const handler = apiHandler(routes.createTenant, {
  body,
  handle: async ({ body }) => {
    const { tenant, owner } = await signUpTenant(body, {
      store: tenantStore(),
      directory: userDirectory(),
    });
    return created({ tenant: tenantView(tenant), user: memberView(owner) });
  },
});
