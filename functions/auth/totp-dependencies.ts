/** What the three TOTP enrolment handlers share: the stores, the directory and the issuer name. */
import type { TotpEnrolmentDependencies } from '#shared/accounts/totp-enrolment.ts';
import { accountStore, auditStore, tenantStore } from '#shared/data/stores.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';

/** What authenticator apps show above the code. */
const issuer = 'TenantKit';

export function totpEnrolmentDependencies(): TotpEnrolmentDependencies {
  return {
    accounts: accountStore(),
    directory: userDirectory(),
    tenants: tenantStore(),
    audit: auditStore(),
    issuer,
  };
}
