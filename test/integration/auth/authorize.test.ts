/** The authorizer's decision against real tokens, DynamoDB Local and the emulator's JWKS. */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { authorize } from '#shared/auth/authorize.ts';
import { tenantScopeFromVerifiedClaims } from '#shared/auth/tenant-context.ts';
import { tokenVerifier } from '#shared/auth/token-verifier.ts';
import { documentClient } from '#shared/data/document-client.ts';
import { tenantKeys } from '#shared/data/keys.ts';
import { tenantStore } from '#shared/data/stores.ts';
import { UnauthorizedError } from '#shared/errors.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import { signUpTenant } from '#shared/tenants/sign-up.ts';
import { uniqueEmail, validPassword } from '../../support/tenants.ts';

const deps = () => ({ verifier: tokenVerifier(), store: tenantStore() });

async function newOwner(): Promise<{ tenantId: string; userId: string; idToken: string }> {
  const email = uniqueEmail();
  const { tenant, owner } = await signUpTenant(
    { tenantName: 'Authz', email, password: validPassword },
    { store: tenantStore(), directory: userDirectory() },
    { requestId: 'test', sourceIp: '127.0.0.1' },
  );
  const tokens = await userDirectory().signIn(email, validPassword);
  return { tenantId: tenant.tenantId, userId: owner.userId, idToken: tokens.idToken };
}

async function setAttribute(
  key: { PK: string; SK: string },
  name: string,
  value: string,
): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: process.env.TABLE_NAME,
      Key: key,
      UpdateExpression: 'SET #name = :value',
      ExpressionAttributeNames: { '#name': name },
      ExpressionAttributeValues: { ':value': value },
    }),
  );
}

function scopeOf(tenantId: string) {
  const scope = tenantScopeFromVerifiedClaims(tenantId);
  if (!scope) throw new Error('bad tenant id');
  return scope;
}

describe('authorize', () => {
  let owner: Awaited<ReturnType<typeof newOwner>>;
  beforeAll(async () => {
    owner = await newOwner();
  });

  it('returns the tenant, user, role and plan of an active member', async () => {
    const ctx = await authorize(owner.idToken, deps());

    expect(ctx).toMatchObject({
      tenantId: owner.tenantId,
      userId: owner.userId,
      role: 'owner',
      plan: 'free',
    });
  });

  it('takes the role from the member item, so a demotion applies before the token expires', async () => {
    const member = await newOwner();
    await setAttribute(
      tenantKeys.member(scopeOf(member.tenantId), member.userId),
      'role',
      'viewer',
    );

    const ctx = await authorize(member.idToken, deps());

    expect(ctx.role).toBe('viewer');
  });

  it('refuses a member who has been disabled', async () => {
    const member = await newOwner();
    await setAttribute(
      tenantKeys.member(scopeOf(member.tenantId), member.userId),
      'status',
      'disabled',
    );

    await expect(authorize(member.idToken, deps())).rejects.toThrow(UnauthorizedError);
  });

  it('refuses every member of a tenant that is being deleted', async () => {
    const member = await newOwner();
    await setAttribute(tenantKeys.tenant(scopeOf(member.tenantId)), 'status', 'deleting');

    await expect(authorize(member.idToken, deps())).rejects.toThrow(UnauthorizedError);
  });
});
