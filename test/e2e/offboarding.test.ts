/**
 * Tenant offboarding end to end: the owner deletes the tenant over HTTP, its tokens are refused at
 * once, the real bulk worker deletes everything, and afterwards not one item of that tenant remains
 * (its users, email guards and export files are gone too) while the other tenant is untouched.
 */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantScopeFromJob } from '#shared/auth/tenant-context.ts';
import { documentClient } from '#shared/data/document-client.ts';
import { globalKeys, tenantKeys } from '#shared/data/keys.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import { seedTenantItems } from '../support/bulk-items.ts';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { startTestJobs, type TestJobs } from '../support/jobs.ts';
import { allItems } from '../support/table.ts';
import {
  type SignedUpTenant,
  signUpAndLogin,
  uniqueEmail,
  validPassword,
} from '../support/tenants.ts';

let gateway: TestGateway;
let jobs: TestJobs;
let doomed: SignedUpTenant;
let bystander: SignedUpTenant;
let secondMemberEmail: string;

const api = <T = unknown>(
  who: SignedUpTenant,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
) => request<T>(gateway.baseUrl, method, path, { token: who.idToken, ...options });

const belongsTo = (tenantId: string) => (item: Record<string, unknown>) =>
  typeof item.PK === 'string' &&
  (item.PK === `T#${tenantId}` || item.PK.startsWith(`T#${tenantId}#`));

/** A second member with a Cognito user and an email guard, as the members API will create them. */
async function addMember(tenant: SignedUpTenant): Promise<string> {
  const scope = tenantScopeFromJob(tenant.tenantId);
  if (!scope) throw new Error('bad tenant id');
  const email = uniqueEmail('member');
  const { userId } = await userDirectory().createUser({
    email,
    password: validPassword,
    tenantId: tenant.tenantId,
    role: 'admin',
  });
  const at = new Date().toISOString();
  const table = process.env.TABLE_NAME;
  await documentClient().send(
    new PutCommand({
      TableName: table,
      Item: {
        ...tenantKeys.member(scope, userId),
        ...tenantKeys.memberByEmail(scope, email),
        type: 'member',
        tenantId: tenant.tenantId,
        userId,
        email,
        role: 'admin',
        status: 'active',
        createdAt: at,
        updatedAt: at,
        version: 1,
      },
    }),
  );
  await documentClient().send(
    new PutCommand({
      TableName: table,
      Item: {
        ...globalKeys.emailGuard(email),
        type: 'emailGuard',
        tenantId: tenant.tenantId,
        userId,
      },
    }),
  );
  return email;
}

/** Projects (one with an Idempotency-Key), an export file, and a thousand seeded items. */
async function populate(tenant: SignedUpTenant): Promise<void> {
  const scope = tenantScopeFromJob(tenant.tenantId);
  if (!scope) throw new Error('bad tenant id');
  await api(tenant, 'POST', '/v1/projects', {
    body: { name: 'Keyed' },
    headers: { 'idempotency-key': `key-${tenant.tenantId}` },
  });
  await api(tenant, 'POST', '/v1/exports');
  await seedTenantItems(scope, { projects: 800, audit: 200 });
}

async function login(email: string): Promise<number> {
  const response = await request(gateway.baseUrl, 'POST', '/v1/auth/login', {
    body: { email, password: validPassword },
  });
  return response.status;
}

async function exportFiles(tenantId: string): Promise<number> {
  const s3 = new S3Client({
    endpoint: process.env.S3_ENDPOINT,
    region: process.env.AWS_REGION,
    forcePathStyle: true,
  });
  const listed = await s3.send(
    new ListObjectsV2Command({
      Bucket: process.env.EXPORTS_BUCKET,
      Prefix: `tenants/${tenantId}/`,
    }),
  );
  s3.destroy();
  return listed.KeyCount ?? 0;
}

beforeAll(async () => {
  jobs = await startTestJobs();
  gateway = await startTestGateway();
  [doomed, bystander] = await Promise.all([
    signUpAndLogin(gateway.baseUrl, 'Doomed Co'),
    signUpAndLogin(gateway.baseUrl, 'Bystander Co'),
  ]);
  secondMemberEmail = await addMember(doomed);
  await addMember(bystander);
  await Promise.all([populate(doomed), populate(bystander)]);
  await jobs.workers.drained();
}, 120_000);
afterAll(async () => {
  await gateway.close();
  await jobs.stop();
});

describe('DELETE /v1/tenant', () => {
  it('refuses a confirmation that is not the tenant name, and changes nothing', async () => {
    // Act
    const wrong = await api(doomed, 'DELETE', '/v1/tenant', { body: { confirm: 'doomed co' } });
    const missing = await api(doomed, 'DELETE', '/v1/tenant');
    const me = await api(doomed, 'GET', '/v1/me');

    // Assess
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({
      error: { code: 'validation_failed', details: [expect.objectContaining({ path: 'confirm' })] },
    });
    expect(missing.status).toBe(400);
    expect(me.status).toBe(200);
  });

  it('deletes every item, user and file of the tenant and leaves every other tenant as it was', async () => {
    // Prepare
    const before = await allItems();
    const bystanderBefore = before.filter(belongsTo(bystander.tenantId));
    const bystanderGuards = before.filter(
      (item) => item.type === 'emailGuard' && item.tenantId === bystander.tenantId,
    );
    expect(before.filter(belongsTo(doomed.tenantId)).length).toBeGreaterThan(1000);
    expect(await exportFiles(doomed.tenantId)).toBe(1);

    // Act
    const started = performance.now();
    const response = await api<{ jobId: string; status: string }>(doomed, 'DELETE', '/v1/tenant', {
      body: { confirm: 'Doomed Co' },
    });
    const meRightAfter = await api(doomed, 'GET', '/v1/me');
    await jobs.workers.drained(60_000);
    const seconds = (performance.now() - started) / 1000;
    const after = await allItems();
    console.info(
      `offboarding of ${before.filter(belongsTo(doomed.tenantId)).length} items: ${seconds.toFixed(1)} s`,
    );

    // Assess
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ jobId: expect.any(String), status: 'deleting' });
    expect(meRightAfter.status).toBe(401);
    expect(after.filter(belongsTo(doomed.tenantId))).toEqual([]);
    const mentions = after.filter((item) => JSON.stringify(item).includes(doomed.tenantId));
    expect(mentions).toEqual([
      expect.objectContaining({
        PK: `TOMBSTONE#${doomed.tenantId}`,
        type: 'tombstone',
        deletionRequestedBy: doomed.userId,
        jobId: response.body.jobId,
        users: 2,
        files: 1,
      }),
    ]);
    expect(JSON.stringify(after)).not.toContain(doomed.email);
    expect(JSON.stringify(after)).not.toContain(secondMemberEmail);
    expect(after.filter(belongsTo(bystander.tenantId))).toEqual(bystanderBefore);
    expect(
      after.filter((item) => item.type === 'emailGuard' && item.tenantId === bystander.tenantId),
    ).toEqual(bystanderGuards);
    expect(await exportFiles(doomed.tenantId)).toBe(0);
    expect(await exportFiles(bystander.tenantId)).toBe(1);
    expect(await login(doomed.email)).toBe(401);
    expect(await login(secondMemberEmail)).toBe(401);
    expect(await login(bystander.email)).toBe(200);
    expect((await api(bystander, 'GET', '/v1/me')).status).toBe(200);
  }, 90_000);

  it('frees the deleted tenant’s emails for a new sign-up', async () => {
    // Act
    const again = await request(gateway.baseUrl, 'POST', '/v1/tenants', {
      body: { tenantName: 'Phoenix', email: doomed.email, password: validPassword },
    });

    // Assess
    expect(again.status).toBe(201);
  });
});
