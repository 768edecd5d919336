/**
 * The bucket tenants' export files are written to: private, encrypted, TLS only, files expiring after
 * the export retention, and S3 server access logs (every download through a pre-signed URL is a
 * read of a tenant's whole data, so who fetched it must be on record).
 */
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { exportFileRetentionDays } from '#shared/exports/model.ts';

export interface ExportBucketProps {
  /**
   * What happens to the buckets when they leave the stack (a non-empty bucket is never deleted).
   */
  readonly removalPolicy: RemovalPolicy;
  /**
   * How long access logs are kept.
   * @default Duration.days(365)
   */
  readonly accessLogRetention?: Duration;
}

export class ExportBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: ExportBucketProps) {
    super(scope, id);
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      // S3 server access logging delivers only to SSE-S3 buckets.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // No objectOwnership: without the bucket-policy feature flag, CDK grants the log delivery
      // group through the LogDeliveryWrite ACL, which needs ObjectWriter ownership.
      enforceSSL: true,
      removalPolicy: props.removalPolicy,
      lifecycleRules: [{ expiration: props.accessLogRetention ?? Duration.days(365) }],
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log bucket of the exports bucket; logging its own access would log into itself, and its objects are only written by the S3 logging service.',
    });
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      removalPolicy: props.removalPolicy,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'exports/',
      lifecycleRules: [
        {
          id: 'ExpireExports',
          prefix: 'tenants/',
          expiration: Duration.days(exportFileRetentionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
  }
}
