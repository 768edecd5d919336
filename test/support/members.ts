/**
 * Team members for end-to-end tests: invitations are created through the real domain code (the
 * token captured instead of mailed, which keeps setup fast and independent of the mail pipeline),
 * then accepted and logged in over HTTP as the invitee would.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import type { Role } from '#shared/auth/roles.ts';
import {
  tenantContextFromAuthorizer,
  tenantScopeFromVerifiedClaims,
} from '#shared/auth/tenant-context.ts';
import { documentClient } from '#shared/data/document-client.ts';
import { tenantKeys } from '#shared/data/keys.ts';
import { invitationStore, tenantStore } from '#shared/data/stores.ts';
import { createInvitation } from '#shared/invitations/service.ts';
import type { AssignableRole } from '#shared/members/model.ts';
import type { PlanName } from '#shared/tenants/plans.ts';
import { request } from './gateway.ts';
import { type SignedUpTenant, type TokensBody, uniqueEmail, validPassword } from './tenants.ts';

/** A member of a tenant, logged in: the same shape as the owner a sign-up gives. */
export type TestMember = SignedUpTenant & { readonly role: Role };

/** Changes a tenant's plan in the table, as billing will (tests need more seats than free has). */
export async function setPlan(tenantId: string, plan: PlanName): Promise<void> {
  const scope = tenantScopeFromVerifiedClaims(tenantId);
  if (!scope) throw new Error(`Not a tenant id: ${tenantId}`);
  await documentClient().send(
    new UpdateCommand({
      TableName: process.env.TABLE_NAME,
      Key: tenantKeys.tenant(scope),
      UpdateExpression: 'SET #plan = :plan',
      ExpressionAttributeNames: { '#plan': 'plan' },
      ExpressionAttributeValues: { ':plan': plan },
    }),
  );
}

/** Invites `email` as `inviter` through the domain code and returns the token the email would carry. */
export async function inviteToken(
  inviter: { tenantId: string; userId: string; role: Role },
  email: string,
  role: AssignableRole,
): Promise<string> {
  const ctx = tenantContextFromAuthorizer({
    ...inviter,
    plan: 'free',
    mfaSetupRequired: 'false',
  });
  if (!ctx) throw new Error('Bad inviter');
  let token: string | undefined;
  await createInvitation(
    { ctx, meta: { requestId: 'test-setup', sourceIp: '127.0.0.1' } },
    { email, role },
    undefined,
    {
      store: invitationStore(),
      tenants: tenantStore(),
      deliver: async (_scope, mail) => {
        token = mail.token;
      },
    },
  );
  if (token === undefined) throw new Error('No invitation token was delivered');
  return token;
}

/** Adds a member with `role` to the tenant of `inviter` (the owner by default) and logs them in. */
export async function addMember(
  baseUrl: string,
  inviter: SignedUpTenant & { role?: Role },
  role: AssignableRole,
): Promise<TestMember> {
  const email = uniqueEmail(role);
  const token = await inviteToken({ ...inviter, role: inviter.role ?? 'owner' }, email, role);
  const accepted = await request<{ user: { id: string } }>(
    baseUrl,
    'POST',
    '/v1/invitations/accept',
    { body: { token, password: validPassword } },
  );
  expect(accepted.status).toBe(201);
  return {
    ...(await logIn(baseUrl, email)),
    tenantId: inviter.tenantId,
    tenantName: inviter.tenantName,
    userId: accepted.body.user.id,
    role,
  };
}

export async function logIn(
  baseUrl: string,
  email: string,
): Promise<{ email: string; idToken: string; refreshToken: string }> {
  const login = await request<TokensBody>(baseUrl, 'POST', '/v1/auth/login', {
    body: { email, password: validPassword },
  });
  expect(login.status).toBe(200);
  return { email, idToken: login.body.idToken, refreshToken: login.body.refreshToken ?? '' };
}

/** The member's current ETag, read as the API shows it. */
export async function memberEtag(
  baseUrl: string,
  as: SignedUpTenant,
  userId: string,
): Promise<string> {
  const response = await request(baseUrl, 'GET', `/v1/members/${userId}`, { token: as.idToken });
  expect(response.status).toBe(200);
  return response.headers.get('etag') ?? '';
}

/** Moves an invitation's expiry into the past, as if its seven days were over (the TTL has not run yet). */
export async function expireInvitation(tenantId: string, invitationId: string): Promise<void> {
  const scope = tenantScopeFromVerifiedClaims(tenantId);
  if (!scope) throw new Error(`Not a tenant id: ${tenantId}`);
  await documentClient().send(
    new UpdateCommand({
      TableName: process.env.TABLE_NAME,
      Key: tenantKeys.invitation(scope, invitationId),
      UpdateExpression: 'SET expiresAt = :past',
      ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 60 },
    }),
  );
}

/** The invitation token of the newest invitation email to `to` in the local outbox. */
export function tokenInMail(mail: { readonly text: string }): string {
  const token = /invitation code: ([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
  if (token === undefined) throw new Error(`No invitation token in mail:\n${mail.text}`);
  return token;
}
