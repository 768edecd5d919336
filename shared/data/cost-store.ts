/**
 * DynamoDB adapter for cost per tenant: items `T#<id>#COST` / `<yyyy-mm-dd>` and `<yyyy-mm>`, each
 * with a GSI1 entry `COSTRANK#<period>` / `<sortable margin>#<tenantId>` that ranks the period's
 * tenants by margin. Tenant items through the tenant-scoped clients; the ranking (it spans tenants)
 * with the function's own role.
 */
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { CostStore, TenantCost } from '#shared/costs/model.ts';
import { planNameSchema } from '#shared/tenants/plans.ts';
import { costRankingPartition, tenantKeys } from './keys.ts';
import { tableDesign } from './table-design.ts';

type ClientFor = (scope: TenantScope) => DynamoDBDocumentClient;

const dollars = z.number();
const costSchema = z.object({
  tenantId: z.string(),
  period: z.string(),
  plan: planNameSchema,
  days: z.number(),
  requests: z.number(),
  jobs: z.number(),
  readUnits: z.number(),
  writeUnits: z.number(),
  gbSeconds: z.number(),
  cost: z.object({
    apiGateway: dollars,
    lambdaRequests: dollars,
    lambdaCompute: dollars,
    dynamodbReads: dollars,
    dynamodbWrites: dollars,
    sqs: dollars,
    total: dollars,
  }),
  revenue: dollars,
  margin: dollars,
  priceTableDate: z.string(),
  computedAt: z.string(),
});

/** Kept 13 months (days) and 25 months (months): enough for a year-on-year look, no more. */
const keptSeconds = { day: 400 * 86_400, month: 760 * 86_400 } as const;

const isDay = (period: string): boolean => period.length === 10;

function toCost(item: Record<string, unknown>): TenantCost {
  return costSchema.parse(item);
}

export class DynamoCostStore implements CostStore {
  constructor(
    private readonly clientFor: ClientFor,
    /** The ranking spans tenants: a system client, never a tenant-scoped one. */
    private readonly systemClient: () => DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(scope: TenantScope, cost: TenantCost): Promise<void> {
    const start = Date.parse(isDay(cost.period) ? cost.period : `${cost.period}-01`);
    const kept = isDay(cost.period) ? keptSeconds.day : keptSeconds.month;
    await this.clientFor(scope).send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...tenantKeys.cost(scope, cost.period),
          ...tenantKeys.costRanking(scope, cost.period, cost.margin),
          type: 'cost',
          ...cost,
          tenantId: scope.tenantId,
          expiresAt: Math.floor(start / 1000) + kept,
        },
      }),
    );
  }

  async listDays(scope: TenantScope, from: string, to: string): Promise<TenantCost[]> {
    const costs: TenantCost[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.clientFor(scope).send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': tableDesign.partitionKey, '#sk': tableDesign.sortKey },
          ExpressionAttributeValues: {
            ':pk': tenantKeys.cost(scope, from).PK,
            ':from': from,
            ':to': to,
          },
          // The daily job sums a month right after writing its day: read that write.
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      // A month's item (`yyyy-mm`) sorts between days of different months: days only.
      for (const item of page.Items ?? []) if (isDay(String(item.period))) costs.push(toCost(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return costs;
  }

  async lowestMargins(period: string, limit: number): Promise<TenantCost[]> {
    const { gsi1 } = tableDesign.indexes;
    const { Items = [] } = await this.systemClient().send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: gsi1.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': gsi1.partitionKey },
        ExpressionAttributeValues: { ':pk': costRankingPartition(period) },
        ScanIndexForward: true,
        Limit: limit,
      }),
    );
    return Items.map(toCost);
  }
}
