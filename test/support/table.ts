/**
 * Test-only reads of the whole local table, to prove what is and is not left behind. The
 * application code never scans; a test may, because it must see items no key would lead it to.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';

export async function allItems(): Promise<Record<string, unknown>[]> {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: process.env.AWS_REGION }),
  );
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateScan({ client }, { TableName: process.env.TABLE_NAME })) {
    items.push(...(page.Items ?? []));
  }
  client.destroy();
  return items;
}

export async function itemsMentioning(text: string): Promise<Record<string, unknown>[]> {
  return (await allItems()).filter((item) => JSON.stringify(item).includes(text));
}
