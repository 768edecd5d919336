/** Signs up a fresh tenant and logs its owner in over HTTP, as a client would. */
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { tenantScopeFromVerifiedClaims } from '#shared/auth/tenant-context.ts';
import { documentClient } from '#shared/data/document-client.ts';
import { tenantKeys } from '#shared/data/keys.ts';
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

/**
 * Marks a member's email verified in the table, as entering the mailed code would. Tests of other
 * features start from a verified owner; the verification tests sign up without it.
 */
export async function markEmailVerified(tenantId: string, userId: string): Promise<void> {
  const scope = tenantScopeFromVerifiedClaims(tenantId);
  if (!scope) throw new Error(`Not a tenant id: ${tenantId}`);
  await documentClient().send(
    new UpdateCommand({
      TableName: process.env.TABLE_NAME,
      Key: tenantKeys.member(scope, userId),
      UpdateExpression: 'SET emailVerified = :verified',
      ExpressionAttributeValues: { ':verified': true },
    }),
  );
}

export async function signUpAndLogin(
  baseUrl: string,
  tenantName = 'Acme',
  options: { readonly verified?: boolean } = {},
): Promise<SignedUpTenant> {
  const email = uniqueEmail();
  const signUp = await request<SignUpBody>(baseUrl, 'POST', '/v1/tenants', {
    body: { tenantName, email, password: validPassword },
  });
  expect(signUp.status).toBe(201);
  if (options.verified !== false)
    await markEmailVerified(signUp.body.tenant.id, signUp.body.user.id);
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
