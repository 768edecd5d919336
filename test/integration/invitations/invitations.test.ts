/**
 * Invitation failure paths against the emulators: what is left when the email cannot be queued or
 * the accept transaction fails, and how seats recover from invitations the TTL deleted.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { TenantContext } from '#shared/auth/tenant-context.ts';
import { documentClient } from '#shared/data/document-client.ts';
import { globalKeys, tenantKeys } from '#shared/data/keys.ts';
import { invitationStore, tenantStore } from '#shared/data/stores.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import { queueInvitationMail } from '#shared/invitations/mail.ts';
import { hashInvitationToken, type InvitationStore } from '#shared/invitations/model.ts';
import {
  acceptInvitation,
  createInvitation,
  type InvitationMail,
} from '#shared/invitations/service.ts';
import { signedUpOwner } from '../../support/owners.ts';
import { uniqueEmail, validPassword } from '../../support/tenants.ts';

const meta = { requestId: 'req-integration', sourceIp: '203.0.113.5' };
const table = () => process.env.TABLE_NAME;

async function newOwner(): Promise<TenantContext> {
  return (await signedUpOwner('Invitations Co', meta)).ctx;
}

async function invite(
  ctx: TenantContext,
  email = uniqueEmail('invitee'),
  deliver: (scope: TenantContext, mail: InvitationMail) => Promise<void> = async () => undefined,
  key?: string,
) {
  let token = '';
  const created = await createInvitation(
    { ctx, meta },
    { email, role: 'member' },
    key === undefined ? undefined : { key, operation: 'POST /v1/invitations', fingerprint: email },
    {
      store: invitationStore(),
      tenants: tenantStore(),
      deliver: async (scope, mail) => {
        token = mail.token;
        await deliver(scope as TenantContext, mail);
      },
    },
  );
  return { ...created, token, email };
}

async function seats(ctx: TenantContext): Promise<unknown> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: table(), Key: tenantKeys.counters(ctx), ConsistentRead: true }),
  );
  return Item?.seats;
}

const sqs = mockClient(SQSClient);
afterEach(() => sqs.reset());

describe('an invitation whose email cannot be queued', () => {
  it('is withdrawn: the request fails, the seat is free, the token dead and the key reusable', async () => {
    // Prepare
    const ctx = await newOwner();
    sqs.on(SendMessageCommand).rejects(new Error('SQS is unavailable'));
    let token = '';

    // Act
    const attempt = invite(
      ctx,
      'late@example.test',
      async (scope, mail) => {
        token = mail.token;
        await queueInvitationMail(scope, mail);
      },
      'key-1',
    );

    // Assess
    await expect(attempt).rejects.toThrow('SQS is unavailable');
    expect(await seats(ctx)).toBe(1);
    expect(await invitationStore().findToken(hashInvitationToken(token))).toBeUndefined();
    const [withdrawn] = (await invitationStore().list(ctx, { limit: 10 })).items;
    expect(withdrawn?.status).toBe('revoked');
    sqs.reset();
    const retry = await invite(ctx, 'late@example.test', async () => undefined, 'key-1');
    expect(retry.replayed).toBe(false);
    expect(retry.invitation.status).toBe('pending');
    expect(await seats(ctx)).toBe(2);
  });
});

describe('an accept whose database write fails', () => {
  it('leaves no Cognito user behind, and the token still works afterwards', async () => {
    // Prepare
    const ctx = await newOwner();
    const { token, email } = await invite(ctx);
    const failing: InvitationStore = Object.assign(Object.create(invitationStore()), {
      accept: async () => {
        throw new Error('DynamoDB unavailable');
      },
    });

    // Act
    const attempt = acceptInvitation({ token, password: validPassword }, meta, {
      store: failing,
      tenants: tenantStore(),
      directory: userDirectory(),
    });

    // Assess
    await expect(attempt).rejects.toThrow('DynamoDB unavailable');
    expect(await userDirectory().findUser(email)).toBeUndefined();
    const accepted = await acceptInvitation({ token, password: validPassword }, meta, {
      store: invitationStore(),
      tenants: tenantStore(),
      directory: userDirectory(),
    });
    expect(accepted.user).toMatchObject({ email, role: 'member' });
    expect((await userDirectory().findUser(email))?.tenantId).toBe(ctx.tenantId);
  });
});

describe('seats', () => {
  it('recover the seat of a pending invitation the TTL deleted', async () => {
    // Prepare: owner + two pending invitations fill the free plan's three seats
    const ctx = await newOwner();
    const first = await invite(ctx);
    await invite(ctx);
    await expect(invite(ctx)).rejects.toThrow(/seats/);
    // What the TTL does after seven days: the items vanish, nothing touches the counter.
    for (const Key of [
      tenantKeys.invitation(ctx, first.invitation.id),
      tenantKeys.pendingInvitationEmail(ctx, first.email),
      globalKeys.invitationToken(hashInvitationToken(first.token)),
    ]) {
      await documentClient().send(new DeleteCommand({ TableName: table(), Key }));
    }

    // Act
    const third = await invite(ctx);

    // Assess
    expect(third.invitation.status).toBe('pending');
    expect(await seats(ctx)).toBe(3);
  });

  it('are counted for a tenant whose counters predate seats', async () => {
    // Prepare
    const ctx = await newOwner();
    await invite(ctx);
    await documentClient().send(
      new UpdateCommand({
        TableName: table(),
        Key: tenantKeys.counters(ctx),
        UpdateExpression: 'REMOVE seats',
      }),
    );

    // Act
    await invite(ctx);

    // Assess: owner + two invitations
    expect(await seats(ctx)).toBe(3);
    await expect(invite(ctx)).rejects.toThrow(/seats/);
  });
});
