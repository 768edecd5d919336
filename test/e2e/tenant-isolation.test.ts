/**
 * Cross-tenant attacks over HTTP: tenant and role come only from a verified token of an active
 * member; no header, parameter or forged claim reaches another tenant's data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageKeys } from '#shared/data/keys.ts';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { reporterOf, scopeOf, startedJob } from '../support/job-records.ts';
import { addMember, inviteToken } from '../support/members.ts';
import { type SignedUpTenant, signUpAndLogin, uniqueEmail } from '../support/tenants.ts';
import {
  decodeClaims,
  emulatorSignedToken,
  foreignSignedToken,
  tamperedToken,
  unsignedToken,
} from '../support/tokens.ts';

interface MeBody {
  readonly user: { id: string };
  readonly tenant: { id: string; name: string };
}

let gateway: TestGateway;
let tenantA: SignedUpTenant;
let tenantB: SignedUpTenant;

beforeAll(async () => {
  gateway = await startTestGateway();
  [tenantA, tenantB] = await Promise.all([
    signUpAndLogin(gateway.baseUrl, 'Tenant A'),
    signUpAndLogin(gateway.baseUrl, 'Tenant B'),
  ]);
});
afterAll(() => gateway.close());

describe('a token of tenant A', () => {
  it('reads tenant A and nothing of tenant B', async () => {
    const response = await request<MeBody>(gateway.baseUrl, 'GET', '/v1/me', {
      token: tenantA.idToken,
    });

    expect(response.status).toBe(200);
    expect(response.body.tenant.id).toBe(tenantA.tenantId);
    expect(JSON.stringify(response.body)).not.toContain(tenantB.tenantId);
    expect(JSON.stringify(response.body)).not.toContain(tenantB.userId);
  });

  it('cannot name tenant B in a header', async () => {
    const response = await request<MeBody>(gateway.baseUrl, 'GET', '/v1/me', {
      token: tenantA.idToken,
      headers: { 'x-tenant-id': tenantB.tenantId, 'x-amz-tenant': tenantB.tenantId },
    });

    expect(response.body.tenant.id).toBe(tenantA.tenantId);
  });

  it('cannot name tenant B in the query string', async () => {
    const response = await request(gateway.baseUrl, 'GET', `/v1/me?tenantId=${tenantB.tenantId}`, {
      token: tenantA.idToken,
    });

    expect(response.status).toBe(400);
  });

  it('is refused when its tenant claim is changed to tenant B', async () => {
    const forged = tamperedToken(tenantA.idToken, { 'custom:tenantId': tenantB.tenantId });

    const response = await request(gateway.baseUrl, 'GET', '/v1/me', { token: forged });

    expect(response.status).toBe(401);
  });
});

describe('a validly signed token', () => {
  it('is refused when it claims tenant B for a user who is not a member of B', async () => {
    const claims = { ...decodeClaims(tenantA.idToken), 'custom:tenantId': tenantB.tenantId };

    const response = await request(gateway.baseUrl, 'GET', '/v1/me', {
      token: emulatorSignedToken(claims),
    });

    expect(response.status).toBe(401);
  });

  it('is refused when it has expired', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { ...decodeClaims(tenantA.idToken), iat: now - 7200, exp: now - 3600 };

    const response = await request(gateway.baseUrl, 'GET', '/v1/me', {
      token: emulatorSignedToken(claims),
    });

    expect(response.status).toBe(401);
  });

  it.each([
    ['another audience', { aud: 'some-other-client' }],
    ['another issuer', { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_evil' }],
    ['an access token', { token_use: 'access' }],
    ['no tenant claim', { 'custom:tenantId': undefined }],
    ['a malformed tenant claim', { 'custom:tenantId': `${'0'.repeat(26)}#USER` }],
  ])('is refused when it has %s', async (_case, changes) => {
    const claims = { ...decodeClaims(tenantA.idToken), ...changes };

    const response = await request(gateway.baseUrl, 'GET', '/v1/me', {
      token: emulatorSignedToken(claims),
    });

    expect(response.status).toBe(401);
  });

  it('is accepted when its claims are those the emulator issued (the control case)', async () => {
    const response = await request(gateway.baseUrl, 'GET', '/v1/me', {
      token: emulatorSignedToken(decodeClaims(tenantA.idToken)),
    });

    expect(response.status).toBe(200);
  });
});

describe('an unverifiable token', () => {
  it.each([
    ['no Authorization header', undefined],
    ['a token signed by another key', 'foreign'],
    ['an alg:none token', 'none'],
    ['garbage', 'garbage'],
  ])('is refused with 401 in the error shape: %s', async (_case, kind) => {
    const claims = decodeClaims(tenantA.idToken);
    const token =
      kind === 'foreign'
        ? foreignSignedToken(claims)
        : kind === 'none'
          ? unsignedToken(claims)
          : kind === 'garbage'
            ? 'a.b.c'
            : undefined;

    const response = await request(gateway.baseUrl, 'GET', '/v1/me', {
      ...(token !== undefined && { token }),
    });

    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthorized');
  });
});

describe("tenant B's users, invitations and audit events", () => {
  interface Page {
    readonly items: { id: string }[];
    readonly nextCursor: string | null;
  }

  it('are never shown, changed or deleted by tenant A, whatever ids it guesses', async () => {
    // Prepare: B has a second member, a pending invitation and a few audit events
    const inB = (method: string, path: string) =>
      request<Page>(gateway.baseUrl, method, path, { token: tenantB.idToken });
    const memberOfB = await addMember(gateway.baseUrl, tenantB, 'viewer');
    await inviteToken({ ...tenantB, role: 'owner' }, uniqueEmail('b-invitee'), 'member');
    const [invitationOfB] = (await inB('GET', '/v1/invitations')).body.items;
    const usersCursorOfB = (await inB('GET', '/v1/members?limit=1')).body.nextCursor;
    const auditCursorOfB = (await inB('GET', '/v1/audit?limit=1')).body.nextCursor;
    const asA = (
      method: string,
      path: string,
      options: { body?: unknown; headers?: Record<string, string> } = {},
    ) => request<Page>(gateway.baseUrl, method, path, { token: tenantA.idToken, ...options });
    const ifMatch = { headers: { 'if-match': '"1"' } };

    // Act
    const attempts = await Promise.all([
      asA('GET', `/v1/members/${memberOfB.userId}`),
      asA('PATCH', `/v1/members/${memberOfB.userId}`, { body: { role: 'admin' }, ...ifMatch }),
      asA('DELETE', `/v1/members/${memberOfB.userId}`, ifMatch),
      asA('GET', `/v1/members/${tenantB.userId}`),
      asA('POST', '/v1/tenant/transfer-ownership', { body: { userId: memberOfB.userId } }),
      asA('DELETE', `/v1/invitations/${invitationOfB?.id}`),
    ]);
    const lists = await Promise.all([
      asA('GET', '/v1/members?limit=100'),
      asA('GET', '/v1/invitations?limit=100'),
      asA('GET', '/v1/audit?limit=100'),
    ]);
    const stolenCursors = await Promise.all([
      asA('GET', `/v1/members?limit=1&cursor=${usersCursorOfB}`),
      asA('GET', `/v1/audit?limit=1&cursor=${auditCursorOfB}`),
    ]);

    // Assess
    expect(attempts.map((response) => response.status)).toEqual([404, 404, 404, 404, 404, 404]);
    for (const list of lists) {
      expect(list.status).toBe(200);
      const text = JSON.stringify(list.body);
      for (const secret of [tenantB.tenantId, tenantB.userId, memberOfB.userId, memberOfB.email]) {
        expect(text).not.toContain(secret);
      }
    }
    expect(stolenCursors.map((response) => response.status)).toEqual([400, 400]);
    const memberNow = await inB('GET', `/v1/members/${memberOfB.userId}`);
    expect(memberNow.body).toMatchObject({ role: 'viewer' });
    const invitationsNow = await request<{ items: { id: string; status: string }[] }>(
      gateway.baseUrl,
      'GET',
      '/v1/invitations',
      { token: tenantB.idToken },
    );
    expect(invitationsNow.body.items[0]?.status).toBe('pending');
  });
});

describe("tenant B's export jobs and files", () => {
  it('are never shown to tenant A, nor signed for it, whatever job id it guesses', async () => {
    // Prepare: B has a succeeded export whose file is (as far as the record says) in B's prefix
    const jobId = await startedJob(tenantB);
    await reporterOf(tenantB, jobId).succeed({
      objectKey: storageKeys.exportFile(scopeOf(tenantB), jobId),
      items: 1,
      bytes: 10,
      fileExpiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    const asA = (path: string) => request(gateway.baseUrl, 'GET', path, { token: tenantA.idToken });

    // Act
    const read = await asA(`/v1/jobs/${jobId}`);
    const download = await asA(`/v1/jobs/${jobId}/download`);
    const list = await asA('/v1/jobs?limit=100');

    // Assess
    expect([read.status, download.status]).toEqual([404, 404]);
    expect(download.headers.get('location')).toBeNull();
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(jobId);
    expect(JSON.stringify([read.body, download.body])).not.toContain(tenantB.tenantId);
  });
});
