/** Export upload error paths the emulator cannot produce: S3 throttling mid-upload, and timeouts. */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { S3ExportStorage } from '#shared/exports/s3-export-storage.ts';

const s3Mock = mockClient(S3Client);
afterEach(() => s3Mock.reset());

async function* bytes(total: number): AsyncGenerator<Uint8Array> {
  for (let sent = 0; sent < total; sent += 1024 * 1024) yield Buffer.alloc(1024 * 1024);
}

const storage = () => new S3ExportStorage(new S3Client({ region: 'us-east-1' }), 'bucket');
const options = { contentType: 'application/gzip', fileName: 'f.jsonl.gz' };

describe('S3ExportStorage upload', () => {
  it('aborts the multipart upload when S3 throttles a part, and fails the export', async () => {
    // Prepare
    s3Mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u1' });
    s3Mock.on(AbortMultipartUploadCommand).resolves({});
    s3Mock
      .on(UploadPartCommand)
      .resolvesOnce({ ETag: '"1"' })
      .rejects(
        new S3ServiceException({
          name: 'SlowDown',
          $fault: 'server',
          $metadata: { httpStatusCode: 503 },
          message: 'Please reduce your request rate.',
        }),
      );

    // Act
    const upload = storage().upload(
      'tenants/t/exports/j.jsonl.gz',
      bytes(20 * 1024 * 1024),
      options,
    );

    // Assess
    await expect(upload).rejects.toMatchObject({ name: 'SlowDown' });
    expect(s3Mock.commandCalls(AbortMultipartUploadCommand)).toHaveLength(1);
    expect(s3Mock.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });

  it('fails the export when a small upload times out', async () => {
    // Prepare
    s3Mock
      .on(PutObjectCommand)
      .rejects(Object.assign(new Error('Connection timed out'), { name: 'TimeoutError' }));

    // Act / Assess
    await expect(
      storage().upload('tenants/t/exports/j.jsonl.gz', bytes(1024), options),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(s3Mock.commandCalls(AbortMultipartUploadCommand)).toHaveLength(0);
  });
});
