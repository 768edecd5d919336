/** The readiness probe's one table read: a GetItem of a fixed global key, with the function's own role. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dataConfig } from '#shared/config/runtime-config.ts';
import { documentClient } from './document-client.ts';
import { globalKeys } from './keys.ts';

/** Resolves when the table answers a read; rejects with the SDK's error when it does not. */
export async function readTable(): Promise<void> {
  await documentClient().send(
    new GetCommand({ TableName: dataConfig().tableName, Key: globalKeys.readiness() }),
  );
}
