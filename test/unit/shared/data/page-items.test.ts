/** A listing's items are projected, not parsed: the result must be what the parse gives for what we store. */
import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { storedAuditEventSchema } from '#shared/audit/model.ts';
import { pageItemReader } from '#shared/data/page-items.ts';
import { invitationSchema } from '#shared/invitations/model.ts';
import { jobRecordSchema } from '#shared/jobs/job-records.ts';
import { projectSchema } from '#shared/projects/resource.ts';
import { memberSchema } from '#shared/tenants/model.ts';

const at = '2026-11-24T10:00:00.000Z';
// The key and index attributes every stored item carries besides its own.
const keyAttributes = {
  PK: 'T#01JTESTTENANT0000000000000',
  SK: 'X#01JTESTITEM00000000000000',
  GSI1PK: 'T#01JTESTTENANT0000000000000#X',
  GSI1SK: at,
};

const listings: [string, z.ZodMiniObject, Record<string, unknown>][] = [
  [
    'project',
    projectSchema,
    {
      projectId: 'p1',
      name: 'Apollo',
      description: '',
      status: 'active',
      tags: ['a', 'b'],
      createdAt: at,
      createdBy: 'u1',
      updatedAt: at,
      updatedBy: 'u1',
      version: 3,
    },
  ],
  [
    'finished job',
    jobRecordSchema,
    {
      jobId: 'j1',
      kind: 'tenant.export',
      status: 'failed',
      progress: 40,
      requestedBy: 'u1',
      createdAt: at,
      updatedAt: at,
      startedAt: at,
      finishedAt: at,
      error: { code: 'export_failed', message: 'S3 refused the upload' },
      result: { items: 12, bytes: 3400 },
      version: 4,
    },
  ],
  [
    'queued job',
    jobRecordSchema,
    {
      jobId: 'j2',
      kind: 'tenant.export',
      status: 'queued',
      progress: 0,
      requestedBy: 'u1',
      createdAt: at,
      updatedAt: at,
      version: 1,
    },
  ],
  [
    'audit event',
    storedAuditEventSchema,
    {
      eventId: 'e1',
      occurredAt: at,
      actorId: 'u1',
      action: 'project.created',
      target: { type: 'project', id: 'p1' },
      requestId: 'r1',
      sourceIp: '203.0.113.9',
      details: { name: 'Apollo', tags: ['a'] },
    },
  ],
  [
    'invitation',
    invitationSchema,
    {
      invitationId: 'i1',
      email: 'ada@example.com',
      role: 'admin',
      status: 'pending',
      tokenHash: 'c2hhMjU2',
      invitedBy: 'u1',
      createdAt: at,
      updatedAt: at,
      expiresAt: 1_800_000_000,
      version: 1,
    },
  ],
  [
    'member',
    memberSchema,
    {
      tenantId: '01JTESTTENANT0000000000000',
      userId: 'u2',
      email: 'ada@example.com',
      role: 'member',
      status: 'active',
      createdAt: at,
      updatedAt: at,
      version: 2,
      signedOutAt: 1_790_000_000,
    },
  ],
];

describe('pageItemReader', () => {
  it.each(listings)('reads a stored %s exactly as its schema parses it', (_name, schema, own) => {
    const stored = { ...keyAttributes, ...own };

    const read = pageItemReader(schema)(stored);

    expect(read).toEqual(schema.parse(stored));
    expect(read).toEqual(own);
  });

  it('leaves out the key and index attributes, and absent optional attributes stay absent', () => {
    const read = pageItemReader(jobRecordSchema)({ ...keyAttributes, jobId: 'j3', version: 1 });

    expect(Object.keys(read).sort()).toEqual(['jobId', 'version']);
  });
});
