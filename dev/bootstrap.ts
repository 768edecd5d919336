/**
 * Creates the table, user pool and queues on the emulators from the same designs the CDK stack
 * uses. Idempotent, so a persisted local stack is reused as it is.
 */

import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CreateTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { BucketAlreadyOwnedByYou, CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { tableDesign } from '#shared/data/table-design.ts';
import { claimNames } from '#shared/identity/cognito-directory.ts';
import { passwordPolicy } from '#shared/identity/password-policy.ts';
import { deadLetterRetentionDays, type QueueName, queueDesign } from '#shared/jobs/queue-design.ts';

export const localRegion = 'us-east-1';
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
const clientOptions = (endpoint: string) => ({
  endpoint,
  region: localRegion,
  credentials: localCredentials,
});

export async function createTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient(clientOptions(endpoint));
  const { partitionKey, sortKey, indexes, timeToLiveAttribute } = tableDesign;
  const indexList = Object.values(indexes);
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          partitionKey,
          sortKey,
          ...indexList.flatMap((index) => [index.partitionKey, index.sortKey]),
        ].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: indexList.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: timeToLiveAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  } finally {
    client.destroy();
  }
}

export interface LocalUserPool {
  readonly userPoolId: string;
  readonly userPoolClientId: string;
}

/**
 * The tenants' pool carries the tenant and role attributes; the operators' pool (the control plane's
 * identity) has none, so nothing in an operator's token can name a tenant.
 */
export type LocalPoolKind = 'tenant' | 'operator';

export async function createUserPool(
  endpoint: string,
  poolName: string,
  kind: LocalPoolKind = 'tenant',
): Promise<LocalUserPool> {
  const client = new CognitoIdentityProviderClient(clientOptions(endpoint));
  try {
    const existing = (
      await client.send(new ListUserPoolsCommand({ MaxResults: 60 }))
    ).UserPools?.find((pool) => pool.Name === poolName);
    const userPoolId =
      existing?.Id ??
      (
        await client.send(
          new CreateUserPoolCommand({
            PoolName: poolName,
            UsernameAttributes: ['email'],
            // As on AWS (lib/auth/identity.ts): a user who enrols TOTP is asked for it at sign-in.
            // Operators must enrol: their authorizer refuses a token of one who has not.
            MfaConfiguration: 'OPTIONAL',
            Policies: {
              PasswordPolicy: {
                MinimumLength: passwordPolicy.minLength,
                RequireLowercase: passwordPolicy.requireLowercase,
                RequireUppercase: passwordPolicy.requireUppercase,
                RequireNumbers: passwordPolicy.requireDigits,
                RequireSymbols: passwordPolicy.requireSymbols,
              },
            },
            Schema:
              kind === 'tenant'
                ? [
                    { Name: 'tenantId', AttributeDataType: 'String', Mutable: false },
                    { Name: 'role', AttributeDataType: 'String', Mutable: true },
                  ]
                : [],
          }),
        )
      ).UserPool?.Id;
    if (!userPoolId) throw new Error('cognito-local returned no user pool id');

    const clientName = `${poolName}-app`;
    const existingClient = (
      await client.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }))
    ).UserPoolClients?.find((appClient) => appClient.ClientName === clientName);
    const userPoolClientId =
      existingClient?.ClientId ??
      (
        await client.send(
          new CreateUserPoolClientCommand({
            UserPoolId: userPoolId,
            ClientName: clientName,
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
            ReadAttributes:
              kind === 'tenant' ? ['email', claimNames.tenantId, claimNames.role] : ['email'],
            WriteAttributes: ['email'],
          }),
        )
      ).UserPoolClient?.ClientId;
    if (!userPoolClientId) throw new Error('cognito-local returned no app client id');
    return { userPoolId, userPoolClientId };
  } finally {
    client.destroy();
  }
}

export type LocalQueueUrls = Readonly<Record<QueueName, { url: string; deadLetterUrl: string }>>;

export async function createQueues(endpoint: string, prefix: string): Promise<LocalQueueUrls> {
  const client = new SQSClient(clientOptions(endpoint));
  try {
    const entries = await Promise.all(
      (Object.keys(queueDesign) as QueueName[]).map(async (queue) => {
        const design = queueDesign[queue];
        const deadLetterUrl = await createQueue(client, `${prefix}-${design.name}-dlq`, {
          MessageRetentionPeriod: String(deadLetterRetentionDays * 86_400),
        });
        const deadLetterArn = (
          await client.send(
            new GetQueueAttributesCommand({
              QueueUrl: deadLetterUrl,
              AttributeNames: ['QueueArn'],
            }),
          )
        ).Attributes?.QueueArn;
        const url = await createQueue(client, `${prefix}-${design.name}`, {
          VisibilityTimeout: String(design.visibilityTimeoutSeconds),
          MessageRetentionPeriod: String(design.retentionDays * 86_400),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: deadLetterArn,
            maxReceiveCount: design.maxReceiveCount,
          }),
        });
        return [queue, { url, deadLetterUrl }] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<QueueName, { url: string; deadLetterUrl: string }>;
  } finally {
    client.destroy();
  }
}

async function createQueue(
  client: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<string> {
  const { QueueUrl } = await client.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  if (!QueueUrl) throw new Error(`SQS emulator returned no URL for ${name}`);
  return QueueUrl;
}

/** The exports bucket on the S3 emulator (path-style, as the handlers address it locally). */
export async function createBucket(endpoint: string, bucketName: string): Promise<void> {
  const client = new S3Client({ ...clientOptions(endpoint), forcePathStyle: true });
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucketName }));
  } catch (error) {
    if (!(error instanceof BucketAlreadyOwnedByYou)) throw error;
  } finally {
    client.destroy();
  }
}
