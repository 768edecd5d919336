/** Export downloads: when the download route signs a URL and why it refuses, and what job reads show. */
import { describe, expect, it } from 'vitest';
import { routes } from '#shared/api/routes.ts';
import { type TenantContext, tenantContextFromAuthorizer } from '#shared/auth/tenant-context.ts';
import { storageKeys } from '#shared/data/keys.ts';
import {
  type ExportDownloadDependencies,
  exportDownload,
  exportDownloadPath,
  exportResultPresenter,
} from '#shared/exports/download.ts';
import type { JobRecord } from '#shared/jobs/job-records.ts';

const now = new Date('2026-11-24T12:00:00.000Z');
const jobId = '01JD3ZP5Q9W8X7V6T5S4R3Q2P1';

function contextOf(tenantId: string): TenantContext {
  const ctx = tenantContextFromAuthorizer({
    tenantId,
    userId: 'u1',
    role: 'admin',
    plan: 'pro',
    mfaSetupRequired: 'false',
  });
  if (!ctx) throw new Error('bad test context');
  return ctx;
}
const ctx = contextOf('01JTESTTENANT0000000000000');
const otherTenant = contextOf('01JBYSTANDER00000000000000');

function exportJob(changes: Partial<JobRecord> = {}): JobRecord {
  return {
    jobId,
    kind: 'data.export',
    status: 'succeeded',
    progress: 100,
    requestedBy: 'u1',
    createdAt: '2026-11-24T11:00:00.000Z',
    updatedAt: '2026-11-24T11:00:05.000Z',
    finishedAt: '2026-11-24T11:00:05.000Z',
    result: {
      objectKey: storageKeys.exportFile(ctx, jobId),
      items: 4,
      bytes: 482,
      fileExpiresAt: '2026-12-01T11:00:00.000Z',
    },
    version: 3,
    ...changes,
  };
}

/** A store holding `record` for the test tenant, and a storage that records what it signs. */
function dependencies(record: JobRecord | undefined): ExportDownloadDependencies & {
  readonly signed: { key: string; expiresInSeconds: number }[];
} {
  const signed: { key: string; expiresInSeconds: number }[] = [];
  return {
    signed,
    store: {
      get: async (scope, id) =>
        scope.tenantId === ctx.tenantId && id === record?.jobId ? record : undefined,
    },
    storage: {
      presignDownload: async (key, expiresInSeconds) => {
        signed.push({ key, expiresInSeconds });
        return `https://bucket.example/${key}?X-Amz-Expires=${expiresInSeconds}`;
      },
    },
    now: () => now,
  };
}

describe('exportDownload', () => {
  it('signs the file of a succeeded export for 15 minutes', async () => {
    // Prepare
    const deps = dependencies(exportJob());

    // Act
    const download = await exportDownload({ ctx }, jobId, deps);

    // Assess
    const key = storageKeys.exportFile(ctx, jobId);
    expect(deps.signed).toEqual([{ key, expiresInSeconds: 900 }]);
    expect(download).toEqual({
      downloadUrl: `https://bucket.example/${key}?X-Amz-Expires=900`,
      expiresAt: '2026-11-24T12:15:00.000Z',
    });
  });

  it.each([
    ['an unknown id', undefined, ctx],
    ["another tenant's job", exportJob(), otherTenant],
  ])('answers 404 for %s', async (_case, record, caller) => {
    // Prepare
    const deps = dependencies(record);

    // Act
    const download = exportDownload({ ctx: caller }, jobId, deps);

    // Assess
    await expect(download).rejects.toMatchObject({ code: 'not_found', message: 'Job not found' });
    expect(deps.signed).toEqual([]);
  });

  it.each([
    [
      'a job of another kind',
      { kind: 'tenant.offboard', result: {} },
      /tenant.offboard job has no file/,
    ],
    ['a queued export', { status: 'queued', result: undefined }, /not started yet/],
    ['a running export', { status: 'running', result: undefined }, /still running/],
    ['a failed export', { status: 'failed', result: undefined }, /failed and has no file/],
    ['a succeeded export without a file', { result: { items: 0 } }, /no file to download/],
    [
      'a file outside the caller’s export prefix',
      { result: { ...exportJob().result, objectKey: storageKeys.exportFile(otherTenant, jobId) } },
      /no file to download/,
    ],
    [
      'a key that only starts like the caller’s prefix',
      { result: { ...exportJob().result, objectKey: `tenants/${ctx.tenantId}/other/x.jsonl.gz` } },
      /no file to download/,
    ],
  ] as const)('answers 409 for %s, signing nothing', async (_case, changes, message) => {
    // Prepare
    const deps = dependencies(exportJob(changes as Partial<JobRecord>));

    // Act
    const download = exportDownload({ ctx }, jobId, deps);

    // Assess
    await expect(download).rejects.toMatchObject({ code: 'conflict', message });
    expect(deps.signed).toEqual([]);
  });

  it.each([
    ['at the moment it expires', '2026-11-24T12:00:00.000Z'],
    ['after it expired', '2026-11-20T00:00:00.000Z'],
  ])('answers 410 for a file %s', async (_case, fileExpiresAt) => {
    // Prepare
    const deps = dependencies(exportJob({ result: { ...exportJob().result, fileExpiresAt } }));

    // Act
    const download = exportDownload({ ctx }, jobId, deps);

    // Assess
    await expect(download).rejects.toMatchObject({ code: 'gone', details: { fileExpiresAt } });
    expect(deps.signed).toEqual([]);
  });
});

describe('exportResultPresenter', () => {
  const present = exportResultPresenter(ctx, () => now);

  it('shows a succeeded export’s counts and download path, never its object key', () => {
    // Act
    const shown = present(exportJob());

    // Assess
    expect(shown).toEqual({
      items: 4,
      bytes: 482,
      fileExpiresAt: '2026-12-01T11:00:00.000Z',
      downloadPath: `/v1/jobs/${jobId}/download`,
    });
  });

  it('marks an expired file instead of a download path', () => {
    // Act
    const shown = present(
      exportJob({ result: { ...exportJob().result, fileExpiresAt: '2026-11-24T11:59:59.000Z' } }),
    );

    // Assess
    expect(shown).toEqual({
      items: 4,
      bytes: 482,
      fileExpiresAt: '2026-11-24T11:59:59.000Z',
      expired: true,
    });
  });

  it('names no download path for a key outside the caller’s export prefix', () => {
    // Act
    const shown = exportResultPresenter(otherTenant, () => now)(exportJob());

    // Assess
    expect(shown).toEqual({ items: 4, bytes: 482, fileExpiresAt: '2026-12-01T11:00:00.000Z' });
  });

  it('shows other jobs’ results as stored', () => {
    // Act
    const shown = present(exportJob({ kind: 'tenant.offboard', result: { deleted: 12 } }));

    // Assess
    expect(shown).toEqual({ deleted: 12 });
  });
});

describe('exportDownloadPath', () => {
  it('is the path of the download route in the route table', () => {
    // Act
    const path = exportDownloadPath(jobId);

    // Assess
    expect(path).toBe(routes.downloadJobResult.path.replace('{id}', jobId));
  });
});
