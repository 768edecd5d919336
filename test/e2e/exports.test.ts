/**
 * Data export end to end: POST /v1/exports, the real bulk worker polled as Lambda would run it, the
 * job's progress and result over HTTP, and the file downloaded from GET /v1/jobs/{id}/download with
 * plain fetch following its redirect to the pre-signed URL (what `curl -L` does), complete and free
 * of any other tenant's data.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantScopeFromJob } from '#shared/auth/tenant-context.ts';
import { type JobProgressEvent, onJobProgress } from '#shared/jobs/job-events.ts';
import type { JobView } from '#shared/jobs/views.ts';
import { seedTenantItems } from '../support/bulk-items.ts';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { startTestJobs, type TestJobs } from '../support/jobs.ts';
import { allItems } from '../support/table.ts';
import { type SignedUpTenant, signUpAndLogin } from '../support/tenants.ts';

interface Started {
  readonly jobId: string;
  readonly status: string;
}
interface Download {
  readonly downloadUrl: string;
  readonly expiresAt: string;
}
interface Line {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

let gateway: TestGateway;
let jobs: TestJobs;
let tenant: SignedUpTenant;
let other: SignedUpTenant;
const projectCount = 3000;
const auditCount = 500;

beforeAll(async () => {
  jobs = await startTestJobs();
  gateway = await startTestGateway();
  [tenant, other] = await Promise.all([
    signUpAndLogin(gateway.baseUrl, 'Export Co'),
    signUpAndLogin(gateway.baseUrl, 'Bystander Co'),
  ]);
  const scope = tenantScopeFromJob(tenant.tenantId);
  const otherScope = tenantScopeFromJob(other.tenantId);
  if (!scope || !otherScope) throw new Error('bad tenant ids');
  await Promise.all([
    seedTenantItems(scope, { projects: projectCount, audit: auditCount }),
    seedTenantItems(otherScope, { projects: 50, audit: 10 }),
  ]);
}, 120_000);
afterAll(async () => {
  await gateway.close();
  await jobs.stop();
});

/**
 * Follows the download route's redirect as a client does: fetch sends the bearer token to the API
 * and drops it on the redirect to the bucket (another origin), where S3 wants the URL's signature only.
 */
function download(who: SignedUpTenant, jobId: string): Promise<Response> {
  return fetch(`${gateway.baseUrl}/v1/jobs/${jobId}/download`, {
    headers: { authorization: `Bearer ${who.idToken}` },
  });
}

async function finished(who: SignedUpTenant, jobId: string, timeoutMs = 60_000): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await request<JobView>(gateway.baseUrl, 'GET', `/v1/jobs/${jobId}`, {
      token: who.idToken,
    });
    if (body.status === 'succeeded' || body.status === 'failed') return body;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('POST /v1/exports', () => {
  it('exports every item of a tenant with thousands of items, and nothing of another tenant', async () => {
    // Prepare
    const progress: JobProgressEvent[] = [];
    const unsubscribe = onJobProgress((event) => progress.push(event));

    // Act
    const started = performance.now();
    const response = await request<Started>(gateway.baseUrl, 'POST', '/v1/exports', {
      token: tenant.idToken,
    });
    const job = await finished(tenant, response.body.jobId);
    const seconds = (performance.now() - started) / 1000;
    unsubscribe();
    // Everything the tenant holds now, the export's own job record and audit event included.
    const expected = (await allItems()).filter(
      (item) => item.PK === `T#${tenant.tenantId}` || item.PK === `T#${tenant.tenantId}#AUDIT`,
    ).length;
    const file = await download(tenant, response.body.jobId);
    const lines = gunzipSync(Buffer.from(await file.arrayBuffer()))
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Line);
    console.info(
      `export of ${job.result?.items} items: ${seconds.toFixed(1)} s end to end (${Math.round(Number(job.result?.items) / seconds)} items/s), ${job.result?.bytes} bytes gzip`,
    );

    // Assess
    expect(response.status).toBe(202);
    expect(response.headers.get('location')).toBe(`/v1/jobs/${response.body.jobId}`);
    expect(job).toMatchObject({ kind: 'data.export', status: 'succeeded', progress: 100 });
    expect(file.redirected).toBe(true);
    expect(file.status).toBe(200);
    expect(lines[0]).toMatchObject({ type: 'export', data: { tenantId: tenant.tenantId } });
    const items = lines.slice(1);
    expect(items).toHaveLength(expected);
    expect(job.result?.items).toBe(items.length);
    expect(items.filter((line) => line.type === 'project')).toHaveLength(projectCount);
    expect(items.filter((line) => line.type === 'audit').length).toBeGreaterThanOrEqual(auditCount);
    expect(items.filter((line) => line.type === 'tenant')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ name: 'Export Co' }) }),
    ]);
    expect(JSON.stringify(lines)).not.toContain(other.tenantId);
    expect(JSON.stringify(lines)).not.toContain('"PK"');
    const percents = progress
      .filter((event) => event.jobId === response.body.jobId)
      .map((event) => event.progress);
    expect(percents.some((value) => value > 0 && value < 100)).toBe(true);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
  }, 90_000);

  it('names the download route in the job, and redirects it to a URL valid for 15 minutes', async () => {
    // Prepare
    const small = await signUpAndLogin(gateway.baseUrl, 'Small Co');
    const { body } = await request<Started>(gateway.baseUrl, 'POST', '/v1/exports', {
      token: small.idToken,
    });
    await finished(small, body.jobId);

    // Act
    const read = await request<JobView>(gateway.baseUrl, 'GET', `/v1/jobs/${body.jobId}`, {
      token: small.idToken,
    });
    const list = await request<{ items: JobView[] }>(gateway.baseUrl, 'GET', '/v1/jobs', {
      token: small.idToken,
    });
    const redirect = await fetch(`${gateway.baseUrl}${String(read.body.result?.downloadPath)}`, {
      headers: { authorization: `Bearer ${small.idToken}` },
      redirect: 'manual',
    });
    const redirectBody = (await redirect.json()) as Download;

    // Assess
    expect(read.body.result).toEqual({
      items: expect.any(Number),
      bytes: expect.any(Number),
      fileExpiresAt: expect.any(String),
      downloadPath: `/v1/jobs/${body.jobId}/download`,
    });
    expect(list.body.items.find((job) => job.id === body.jobId)?.result).toEqual(read.body.result);
    expect(JSON.stringify([read.body, list.body])).not.toMatch(/X-Amz-|objectKey|downloadUrl/);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('cache-control')).toBe('no-store');
    const location = redirect.headers.get('location') ?? '';
    expect(redirectBody.downloadUrl).toBe(location);
    const url = new URL(location);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.pathname).toContain(`tenants/${small.tenantId}/exports/${body.jobId}.jsonl.gz`);
    const expiresAt = Date.parse(redirectBody.expiresAt);
    expect(expiresAt - Date.now()).toBeGreaterThan(14 * 60 * 1000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);
  });

  it('answers a repeated Idempotency-Key with the same job', async () => {
    // Prepare
    const key = `export-${Date.now()}`;
    const send = () =>
      request<Started>(gateway.baseUrl, 'POST', '/v1/exports', {
        token: other.idToken,
        headers: { 'idempotency-key': key },
      });

    // Act
    const first = await send();
    const second = await send();

    // Assess
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.jobId).toBe(first.body.jobId);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    await finished(other, first.body.jobId);
  });

  it('keeps another tenant away from an export job and its file (404, no URL)', async () => {
    // Prepare
    const { body } = await request<Started>(gateway.baseUrl, 'POST', '/v1/exports', {
      token: tenant.idToken,
    });
    await finished(tenant, body.jobId);

    // Act
    const foreign = await request(gateway.baseUrl, 'GET', `/v1/jobs/${body.jobId}`, {
      token: other.idToken,
    });
    const foreignDownload = await request(
      gateway.baseUrl,
      'GET',
      `/v1/jobs/${body.jobId}/download`,
      { token: other.idToken },
    );
    const list = await request<{ items: JobView[] }>(gateway.baseUrl, 'GET', '/v1/jobs', {
      token: other.idToken,
    });

    // Assess
    expect(foreign.status).toBe(404);
    expect(foreignDownload.status).toBe(404);
    expect(foreignDownload.headers.get('location')).toBeNull();
    expect(foreignDownload.body).toMatchObject({ error: { code: 'not_found' } });
    expect(list.body.items.map((job) => job.id)).not.toContain(body.jobId);
  });

  it('refuses a request body (400)', async () => {
    // Act
    const response = await request(gateway.baseUrl, 'POST', '/v1/exports', {
      token: tenant.idToken,
      body: { tenantId: other.tenantId },
    });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'validation_failed' } });
  });
});
