/** Signs up a fresh tenant and logs its owner in over HTTP, as a client would. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { request } from './gateway.ts';

export const validPassword = 'Correct-Horse-9-Battery';

export interface SignedUpTenant {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly userId: string;
  readonly email: string;
  readonly idToken: string;
  readonly refreshToken: string;
}

export interface SignUpBody {
  readonly tenant: { id: string; name: string; plan: string; status: string; createdAt: string };
  readonly user: { id: string; email: string; role: string; status: string; createdAt: string };
}

export interface TokensBody {
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly expiresIn: number;
  readonly tokenType: string;
}

export function uniqueEmail(label = 'owner'): string {
  return `${label}-${randomUUID()}@example.test`;
}

export async function signUpAndLogin(
  baseUrl: string,
  tenantName = 'Acme',
): Promise<SignedUpTenant> {
  const email = uniqueEmail();
  const signUp = await request<SignUpBody>(baseUrl, 'POST', '/v1/tenants', {
    body: { tenantName, email, password: validPassword },
  });
  expect(signUp.status).toBe(201);
  const login = await request<TokensBody>(baseUrl, 'POST', '/v1/auth/login', {
    body: { email, password: validPassword },
  });
  expect(login.status).toBe(200);
  return {
    tenantId: signUp.body.tenant.id,
    tenantName,
    userId: signUp.body.user.id,
    email,
    idToken: login.body.idToken,
    refreshToken: login.body.refreshToken ?? '',
  };
}
