/**
 * Job records over HTTP: status and progress as a worker reports them, listing, tenant isolation,
 * and why the download route refuses a job (the download itself: test/e2e/exports.test.ts).
 */
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageKeys } from '#shared/data/keys.ts';
import type { JobView } from '#shared/jobs/views.ts';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { reporterOf, scopeOf, startedJob } from '../support/job-records.ts';
import { type SignedUpTenant, signUpAndLogin } from '../support/tenants.ts';

interface Page {
  readonly items: JobView[];
  readonly nextCursor: string | null;
}

let gateway: TestGateway;
let tenant: SignedUpTenant;
let other: SignedUpTenant;

beforeAll(async () => {
  gateway = await startTestGateway();
  [tenant, other] = await Promise.all([
    signUpAndLogin(gateway.baseUrl, 'Jobs Co'),
    signUpAndLogin(gateway.baseUrl, 'Other Co'),
  ]);
});
afterAll(() => gateway.close());

const api = <T = JobView>(who: SignedUpTenant, path: string) =>
  request<T>(gateway.baseUrl, 'GET', path, { token: who.idToken });

describe('GET /v1/jobs/{id}', () => {
  it('shows a job queued, then running with progress, then succeeded with its result', async () => {
    // Prepare
    const jobId = await startedJob(tenant);
    const reporter = reporterOf(tenant, jobId);

    // Act / Assess
    const queued = await api(tenant, `/v1/jobs/${jobId}`);
    expect(queued.status).toBe(200);
    expect(queued.body).toMatchObject({
      id: jobId,
      kind: 'data.export',
      status: 'queued',
      progress: 0,
      requestedBy: tenant.userId,
    });
    expect(queued.headers.get('etag')).toBe('"1"');

    await reporter.start();
    await reporter.report(40, 100);
    const running = await api(tenant, `/v1/jobs/${jobId}`);
    expect(running.body).toMatchObject({ status: 'running', progress: 40 });
    expect(running.body.startedAt).toEqual(expect.any(String));

    await reporter.succeed({ items: 3 });
    const done = await api(tenant, `/v1/jobs/${jobId}`);
    expect(done.body).toMatchObject({ status: 'succeeded', progress: 100, result: { items: 3 } });
    expect(done.body.finishedAt).toEqual(expect.any(String));
  });

  it('shows a failed job with a code and message, never internals', async () => {
    // Prepare
    const jobId = await startedJob(tenant);
    const reporter = reporterOf(tenant, jobId);

    // Act
    await reporter.start();
    await reporter.fail({ code: 'job_failed', message: 'The job failed' });
    const failed = await api(tenant, `/v1/jobs/${jobId}`);

    // Assess
    expect(failed.body).toMatchObject({
      status: 'failed',
      error: { code: 'job_failed', message: 'The job failed' },
    });
  });

  it("answers 404 for another tenant's job and for an unknown id, 400 for a malformed one", async () => {
    // Prepare
    const jobId = await startedJob(tenant);

    // Act
    const foreign = await api(other, `/v1/jobs/${jobId}`);
    const unknown = await api(tenant, `/v1/jobs/${ulid()}`);
    const malformed = await api(tenant, '/v1/jobs/not-a-ulid');

    // Assess
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ error: { code: 'not_found' } });
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(400);
  });
});

describe('GET /v1/jobs', () => {
  it("lists the tenant's jobs newest first, page by page, and none of another tenant's", async () => {
    // Prepare
    const lister = await signUpAndLogin(gateway.baseUrl, 'Lister Co');
    const ids = [];
    for (let index = 0; index < 3; index++) ids.push(await startedJob(lister));
    await startedJob(other);

    // Act
    const first = await api<Page>(lister, '/v1/jobs?limit=2');
    const second = await api<Page>(
      lister,
      `/v1/jobs?limit=2&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`,
    );
    const stolen = await api<Page>(
      other,
      `/v1/jobs?cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`,
    );

    // Assess
    expect(first.status).toBe(200);
    expect([...first.body.items, ...second.body.items].map((job) => job.id)).toEqual(
      [...ids].reverse(),
    );
    expect(second.body.nextCursor).toBeNull();
    expect(stolen.status).toBe(400);
  });
});

describe('GET /v1/jobs/{id}/download', () => {
  const exportResult = (jobId: string, changes: Record<string, unknown> = {}) => ({
    objectKey: storageKeys.exportFile(scopeOf(tenant), jobId),
    items: 3,
    bytes: 120,
    fileExpiresAt: new Date(Date.now() + 60_000).toISOString(),
    ...changes,
  });

  it('answers 409 for an export that has not succeeded, and for a job of another kind', async () => {
    // Prepare
    const queued = await startedJob(tenant);
    const running = await startedJob(tenant);
    await reporterOf(tenant, running).start();
    const failed = await startedJob(tenant);
    await reporterOf(tenant, failed).fail({ code: 'job_failed', message: 'The job failed' });
    const offboarding = await startedJob(tenant, 'tenant.offboard');
    await reporterOf(tenant, offboarding, 'tenant.offboard').succeed({ deleted: 3 });

    // Act: one after the other (side by side, in-process handlers share Powertools' metrics).
    const answers = [];
    for (const id of [queued, running, failed, offboarding]) {
      answers.push(await api(tenant, `/v1/jobs/${id}/download`));
    }

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([409, 409, 409, 409]);
    expect(answers.map((answer) => answer.headers.get('location'))).toEqual([
      null,
      null,
      null,
      null,
    ]);
    expect(answers[0]?.body).toMatchObject({
      error: { code: 'conflict', details: { status: 'queued' } },
    });
    expect(answers[3]?.body).toMatchObject({
      error: { code: 'conflict', details: { kind: 'tenant.offboard' } },
    });
  });

  it('answers 410 for an expired file, which the job shows as expired', async () => {
    // Prepare
    const jobId = await startedJob(tenant);
    const fileExpiresAt = new Date(Date.now() - 1000).toISOString();
    await reporterOf(tenant, jobId).succeed(exportResult(jobId, { fileExpiresAt }));

    // Act
    const job = await api(tenant, `/v1/jobs/${jobId}`);
    const answer = await api(tenant, `/v1/jobs/${jobId}/download`);

    // Assess
    expect(job.body.result).toEqual({ items: 3, bytes: 120, fileExpiresAt, expired: true });
    expect(answer.status).toBe(410);
    expect(answer.body).toMatchObject({ error: { code: 'gone', details: { fileExpiresAt } } });
  });

  it("answers 409 for a file outside the tenant's export prefix, and names no download path", async () => {
    // Prepare
    const jobId = await startedJob(tenant);
    const objectKey = storageKeys.exportFile(scopeOf(other), jobId);
    await reporterOf(tenant, jobId).succeed(exportResult(jobId, { objectKey }));

    // Act
    const job = await api(tenant, `/v1/jobs/${jobId}`);
    const answer = await api(tenant, `/v1/jobs/${jobId}/download`);

    // Assess
    expect(job.body.result).not.toHaveProperty('downloadPath');
    expect(answer.status).toBe(409);
  });

  it("answers 404 for another tenant's job and for an unknown id, 400 for a malformed one", async () => {
    // Prepare
    const jobId = await startedJob(tenant);
    await reporterOf(tenant, jobId).succeed(exportResult(jobId));

    // Act
    const own = await fetch(`${gateway.baseUrl}/v1/jobs/${jobId}/download`, {
      headers: { authorization: `Bearer ${tenant.idToken}` },
      redirect: 'manual',
    });
    const foreign = await api(other, `/v1/jobs/${jobId}/download`);
    const unknown = await api(tenant, `/v1/jobs/${ulid()}/download`);
    const malformed = await api(tenant, '/v1/jobs/not-a-ulid/download');

    // Assess: the control case is signed (a URL is made without looking for the file).
    expect(own.status).toBe(302);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ error: { code: 'not_found' } });
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(400);
  });
});
