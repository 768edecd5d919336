/**
 * The daily job through the real bulk worker: stale invitations expire (with audit events, freeing
 * their seats and token lookups), the finished day's usage rolls into its month, a repeated run
 * changes nothing, and a tenant being deleted is left alone.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent } from '#shared/audit/audit-log.ts';
import {
  type TenantContext,
  type TenantScope,
  tenantContextFromAuthorizer,
} from '#shared/auth/tenant-context.ts';
import { documentClient } from '#shared/data/document-client.ts';
import { globalKeys, tenantKeys } from '#shared/data/keys.ts';
import { invitationStore, offboardingStore, tenantStore } from '#shared/data/stores.ts';
import { hashInvitationToken } from '#shared/invitations/model.ts';
import { createInvitation, revokeInvitation } from '#shared/invitations/service.ts';
import { sendEnvelopes } from '#shared/jobs/enqueue.ts';
import { newJobRecord } from '#shared/jobs/job-records.ts';
import { dailyJobId, previousUtcDay } from '#shared/upkeep/dispatch.ts';
import { startTestJobs, type TestJobs } from '../../support/jobs.ts';
import { setPlan } from '../../support/members.ts';
import { seedTenant } from '../../support/seed.ts';
import { uniqueEmail } from '../../support/tenants.ts';

function ownerOf(tenant: TenantScope & { ownerId: string }): TenantContext {
  const ctx = tenantContextFromAuthorizer({
    tenantId: tenant.tenantId,
    userId: tenant.ownerId,
    role: 'owner',
    plan: 'pro',
  });
  if (!ctx) throw new Error('Bad caller');
  return ctx;
}

let jobs: TestJobs;
beforeAll(async () => {
  jobs = await startTestJobs();
});
afterAll(() => jobs.stop());

const table = () => process.env.TABLE_NAME;

const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000);

/** An invitation made by the invitation service as if at `at` (its clock seam): 7 days to live. */
async function invitation(
  tenant: TenantScope & { ownerId: string },
  at: Date,
): Promise<{ invitationId: string; tokenHash: string }> {
  const ctx = ownerOf(tenant);
  let token = '';
  const { invitation } = await createInvitation(
    { ctx, meta: { requestId: 'test-setup', sourceIp: '127.0.0.1' } },
    { email: uniqueEmail('invitee'), role: 'member' },
    undefined,
    {
      store: invitationStore(),
      tenants: tenantStore(),
      deliver: async (_scope, mail) => {
        token = mail.token;
      },
      now: () => at,
    },
  );
  return { invitationId: invitation.id, tokenHash: hashInvitationToken(token) };
}

async function statusOf(scope: TenantScope, invitationId: string): Promise<unknown> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: table(), Key: tenantKeys.invitation(scope, invitationId) }),
  );
  return Item?.status;
}

async function item(key: { PK: string; SK: string }): Promise<Record<string, unknown> | undefined> {
  return (await documentClient().send(new GetCommand({ TableName: table(), Key: key }))).Item;
}

async function expiryAudits(scope: TenantScope): Promise<number> {
  const { Items = [] } = await documentClient().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'PK = :pk',
      FilterExpression: '#action = :action',
      ExpressionAttributeNames: { '#action': 'action' },
      ExpressionAttributeValues: {
        ':pk': tenantKeys.auditPartition(scope),
        ':action': 'invitation.expired',
      },
    }),
  );
  return Items.length;
}

function dailyJob(scope: TenantScope, date: string) {
  return {
    kind: 'tenant.daily' as const,
    id: dailyJobId(date, scope.tenantId),
    tenantId: scope.tenantId,
    payload: { date },
    enqueuedAt: new Date().toISOString(),
  };
}

describe('tenant.daily', () => {
  it('expires stale invitations and rolls up the day, once however often it runs', async () => {
    // Prepare
    const tenant = await seedTenant('Upkeep Co');
    await setPlan(tenant.tenantId, 'pro');
    const day = previousUtcDay(new Date());
    const month = day.slice(0, 7);
    const stale = [await invitation(tenant, daysAgo(8)), await invitation(tenant, daysAgo(7))];
    const fresh = await invitation(tenant, new Date());
    const revoked = await invitation(tenant, daysAgo(8));
    await revokeInvitation(
      { ctx: ownerOf(tenant), meta: { requestId: 'test', sourceIp: '127.0.0.1' } },
      revoked.invitationId,
      { store: invitationStore() },
    );
    await documentClient().send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...tenantKeys.usageDay(tenant, day),
          type: 'usageDay',
          exports: 2,
          exportedItems: 120,
        },
      }),
    );
    await documentClient().send(
      new PutCommand({
        TableName: table(),
        Item: { ...tenantKeys.usageMonth(tenant, month), type: 'usageMonth', exports: 1 },
      }),
    );

    // Act: the schedule fires twice for the same day (a retry)
    await sendEnvelopes([dailyJob(tenant, day)]);
    await jobs.workers.drained();
    await sendEnvelopes([dailyJob(tenant, day)]);
    await jobs.workers.drained();

    // Assess
    expect(
      await Promise.all(stale.map(({ invitationId }) => statusOf(tenant, invitationId))),
    ).toEqual(['expired', 'expired']);
    expect(await statusOf(tenant, fresh.invitationId)).toBe('pending');
    expect(await statusOf(tenant, revoked.invitationId)).toBe('revoked');
    expect(await expiryAudits(tenant)).toBe(2);
    // Their seats and token lookups are free: the owner and the fresh invitation hold the seats.
    expect(await item(tenantKeys.counters(tenant))).toMatchObject({ seats: 2 });
    for (const { tokenHash } of stale) {
      expect(await item(globalKeys.invitationToken(tokenHash))).toBeUndefined();
    }
    expect(await item(globalKeys.invitationToken(fresh.tokenHash))).toBeDefined();
    expect(await item(tenantKeys.usageMonth(tenant, month))).toMatchObject({
      exports: 3,
      exportedItems: 120,
    });
    expect(await item(tenantKeys.usageDay(tenant, day))).toMatchObject({ rolledUp: true });
  });

  it('rolls a day up once even when the job runs again under another id', async () => {
    // Prepare
    const tenant = await seedTenant('Twice Co');
    const day = '2030-03-31';
    await documentClient().send(
      new PutCommand({
        TableName: table(),
        Item: { ...tenantKeys.usageDay(tenant, day), type: 'usageDay', exports: 5 },
      }),
    );

    // Act
    await sendEnvelopes([
      dailyJob(tenant, day),
      { ...dailyJob(tenant, day), id: `retry-${ulid()}` },
    ]);
    await jobs.workers.drained();

    // Assess
    expect(await item(tenantKeys.usageMonth(tenant, '2030-03'))).toMatchObject({ exports: 5 });
  });

  it('leaves a tenant that is being deleted alone', async () => {
    // Prepare
    const tenant = await seedTenant('Leaving Co');
    const stale = await invitation(tenant, daysAgo(8));
    const now = new Date();
    await offboardingStore().beginOffboarding(tenant, {
      expectedVersion: 1,
      record: newJobRecord(ulid(), 'tenant.offboard', tenant.ownerId, now),
      audit: auditEvent(
        {
          actorId: tenant.ownerId,
          action: 'tenant.deletion_requested',
          target: { type: 'tenant', id: tenant.tenantId },
          meta: { requestId: 'test', sourceIp: '127.0.0.1' },
        },
        now,
      ),
      now,
    });

    // Act
    await sendEnvelopes([dailyJob(tenant, previousUtcDay(now))]);
    await jobs.workers.drained();

    // Assess
    expect(await statusOf(tenant, stale.invitationId)).toBe('pending');
    expect(await expiryAudits(tenant)).toBe(0);
  });
});
