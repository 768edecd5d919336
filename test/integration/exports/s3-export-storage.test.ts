/** The S3 export storage against the S3 emulator: multipart for big files, pre-signed GET, prefix delete. */
import { randomBytes } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { S3ExportStorage } from '#shared/exports/s3-export-storage.ts';

const client = new S3Client({
  endpoint: process.env.S3_ENDPOINT,
  region: process.env.AWS_REGION,
  forcePathStyle: true,
});
const storage = new S3ExportStorage(client, process.env.EXPORTS_BUCKET ?? '');
afterAll(() => client.destroy());

async function* chunks(data: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += size)
    yield data.subarray(offset, offset + size);
}

describe('S3ExportStorage', () => {
  it('uploads a file larger than one part in parts and serves it through a pre-signed URL', async () => {
    // Prepare: incompressible, just over two 8 MiB parts
    const data = randomBytes(17 * 1024 * 1024);
    const key = `tenants/${ulid()}/exports/${ulid()}.jsonl.gz`;

    // Act
    const stored = await storage.upload(key, chunks(data, 64 * 1024), {
      contentType: 'application/gzip',
      fileName: 'export.jsonl.gz',
    });
    const response = await fetch(await storage.presignDownload(key, 60));

    // Assess
    expect(stored.bytes).toBe(data.length);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(data)).toBe(true);
  });

  it("deletes every object under a tenant's prefix and nothing else", async () => {
    // Prepare
    const [mine, theirs] = [ulid(), ulid()];
    const put = (key: string) =>
      storage.upload(key, chunks(Buffer.from('x'), 1), {
        contentType: 'application/gzip',
        fileName: 'x',
      });
    await Promise.all([
      put(`tenants/${mine}/exports/a.jsonl.gz`),
      put(`tenants/${mine}/exports/b.jsonl.gz`),
      put(`tenants/${theirs}/exports/c.jsonl.gz`),
    ]);

    // Act
    const deleted = await storage.deletePrefix(`tenants/${mine}/`);

    // Assess
    expect(deleted).toBe(2);
    expect(await storage.deletePrefix(`tenants/${mine}/`)).toBe(0);
    expect(await storage.deletePrefix(`tenants/${theirs}/`)).toBe(1);
  });
});
