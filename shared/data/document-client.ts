/**
 * The DynamoDB document client, created once per cold start from configuration; every client reports
 * the capacity its calls consume to the invocation's meter (shared/costs/meter.ts).
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { once } from '#shared/config/env.ts';
import type { AwsClientConfig } from '#shared/config/runtime-config.ts';
import { dataConfig } from '#shared/config/runtime-config.ts';
import { traced } from '#shared/observability/tracer.ts';
import { withConsumedCapacity } from './consumed-capacity.ts';

export function createDocumentClient(
  config: AwsClientConfig & Pick<DynamoDBClientConfig, 'credentials'>,
): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(traced(withConsumedCapacity(new DynamoDBClient(config))), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

export const documentClient = once(() => createDocumentClient(dataConfig().client));
