/**
 * DynamoDB adapter of the MeterReportStore port: one item per tenant and Stripe meter,
 * `T#<id>#METER` / `<event name>`, saved with a version check (tenant-scoped credentials).
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import {
  type MeterReport,
  type MeterReportStore,
  meterReportSchema,
  type StoredMeterReport,
} from '#shared/billing/meter-report.ts';
import { isConditionFailure } from './conditions.ts';
import { tenantKeys } from './keys.ts';

const storedSchema = z.extend(meterReportSchema, { version: z.number().check(z.int()) });

export class DynamoMeterReportStore implements MeterReportStore {
  constructor(
    private readonly clientFor: (scope: TenantScope) => DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(scope: TenantScope, eventName: string): Promise<StoredMeterReport | undefined> {
    const { Item } = await this.clientFor(scope).send(
      new GetCommand({
        TableName: this.tableName,
        Key: tenantKeys.meterReport(scope, eventName),
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : storedSchema.parse(Item);
  }

  async save(
    scope: TenantScope,
    eventName: string,
    next: MeterReport,
    expectedVersion: number | undefined,
  ): Promise<boolean> {
    try {
      await this.clientFor(scope).send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...tenantKeys.meterReport(scope, eventName),
            type: 'meterReport',
            ...next,
            version: (expectedVersion ?? 0) + 1,
          },
          ...(expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(PK)' }
            : {
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
