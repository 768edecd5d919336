/**
 * S3 adapter of the ExportStorage port: streamed multipart uploads (a big export never sits in
 * memory whole), pre-signed GET URLs, and prefix deletion in pages of 1000 keys.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { once } from '#shared/config/env.ts';
import { exportStorageConfig } from '#shared/config/runtime-config.ts';
import { traced } from '#shared/observability/tracer.ts';
import type { ExportStorage, StoredFile } from './model.ts';

/** S3's minimum part size is 5 MiB; 8 MiB keeps the part count low for big files. */
const partBytes = 8 * 1024 * 1024;

export class S3ExportStorage implements ExportStorage {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async upload(
    key: string,
    body: AsyncIterable<Uint8Array>,
    options: { contentType: string; fileName: string },
  ): Promise<StoredFile> {
    const headers = {
      ContentType: options.contentType,
      ContentDisposition: `attachment; filename="${options.fileName}"`,
    };
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    let bytes = 0;
    let uploadId: string | undefined;
    const parts: { ETag: string; PartNumber: number }[] = [];

    const flushPart = async (): Promise<void> => {
      uploadId ??= (
        await this.client.send(
          new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ...headers }),
        )
      ).UploadId;
      const PartNumber = parts.length + 1;
      const { ETag } = await this.client.send(
        new UploadPartCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber,
          Body: Buffer.concat(pending),
        }),
      );
      parts.push({ ETag: ETag ?? '', PartNumber });
      pending = [];
      pendingBytes = 0;
    };

    try {
      for await (const chunk of body) {
        pending.push(chunk);
        pendingBytes += chunk.byteLength;
        bytes += chunk.byteLength;
        if (pendingBytes >= partBytes) await flushPart();
      }
      if (uploadId === undefined) {
        // Small files (most exports) in one request.
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: key,
            Body: Buffer.concat(pending),
            ...headers,
          }),
        );
        return { bytes };
      }
      if (pendingBytes > 0) await flushPart();
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
      return { bytes };
    } catch (error) {
      if (uploadId !== undefined) {
        // Best effort: the bucket's lifecycle rule also aborts incomplete uploads after a day.
        try {
          await this.client.send(
            new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }),
          );
        } catch {
          // The original error is the one worth reporting.
        }
      }
      throw error;
    }
  }

  presignDownload(key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: expiresInSeconds,
    });
  }

  async deletePrefix(prefix: string): Promise<number> {
    let deleted = 0;
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      const keys = (page.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : []));
      if (keys.length > 0) {
        const result = await this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
          }),
        );
        if ((result.Errors ?? []).length > 0) {
          throw new Error(`Could not delete ${result.Errors?.length} objects under ${prefix}`);
        }
        deleted += keys.length;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return deleted;
  }
}

export const exportStorage = once((): ExportStorage => {
  const config = exportStorageConfig();
  return new S3ExportStorage(traced(new S3Client(config.client)), config.bucketName);
});
