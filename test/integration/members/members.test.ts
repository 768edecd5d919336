/** Removing a member against the emulators: the Cognito user is disabled, or enabled again if the write fails. */
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, describe, expect, it } from 'vitest';
import type { TenantContext } from '#shared/auth/tenant-context.ts';
import { invitationStore, memberStore, tenantStore } from '#shared/data/stores.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import { acceptInvitation, createInvitation } from '#shared/invitations/service.ts';
import type { MemberStore } from '#shared/members/model.ts';
import { removeMember } from '#shared/members/service.ts';
import { signedUpOwner } from '../../support/owners.ts';
import { uniqueEmail, validPassword } from '../../support/tenants.ts';

const meta = { requestId: 'req-members', sourceIp: '203.0.113.6' };
const cognito = new CognitoIdentityProviderClient({
  endpoint: process.env.COGNITO_ENDPOINT,
  region: process.env.AWS_REGION,
});
afterAll(() => cognito.destroy());

async function ownerWithMember(): Promise<{ ctx: TenantContext; userId: string; email: string }> {
  const { ctx } = await signedUpOwner('Members Co', meta);
  const email = uniqueEmail('member');
  let token = '';
  await createInvitation({ ctx, meta }, { email, role: 'member' }, undefined, {
    store: invitationStore(),
    tenants: tenantStore(),
    deliver: async (_scope, mail) => {
      token = mail.token;
    },
  });
  const { user } = await acceptInvitation({ token, password: validPassword }, meta, {
    store: invitationStore(),
    tenants: tenantStore(),
    directory: userDirectory(),
  });
  return { ctx, userId: user.id, email };
}

async function enabled(email: string): Promise<boolean | undefined> {
  const user = await cognito.send(
    new AdminGetUserCommand({ UserPoolId: process.env.USER_POOL_ID, Username: email }),
  );
  return user.Enabled;
}

describe('removeMember', () => {
  it('disables the Cognito user of a removed member', async () => {
    const { ctx, userId, email } = await ownerWithMember();

    await removeMember({ ctx, meta }, userId, 1, {
      store: memberStore(),
      directory: userDirectory(),
    });

    expect(await enabled(email)).toBe(false);
    expect(await memberStore().get(ctx, userId)).toBeUndefined();
  });

  it('enables the user again when the database write fails, leaving the member as it was', async () => {
    // Prepare
    const { ctx, userId, email } = await ownerWithMember();
    const failing: MemberStore = Object.assign(Object.create(memberStore()), {
      remove: async () => {
        throw new Error('DynamoDB unavailable');
      },
    });

    // Act
    const attempt = removeMember({ ctx, meta }, userId, 1, {
      store: failing,
      directory: userDirectory(),
    });

    // Assess
    await expect(attempt).rejects.toThrow('DynamoDB unavailable');
    expect(await enabled(email)).toBe(true);
    expect(await memberStore().get(ctx, userId)).toMatchObject({ role: 'member', version: 1 });
  });
});
