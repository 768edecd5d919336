/**
 * DynamoDB adapter of the BillingStore port: the `billing` attribute and plan of the tenant item
 * (tenant-scoped credentials) and the global Stripe lookups `STRIPE#<customerId>` (which also put
 * the tenant into the billed-tenant index) and `STRIPEEVT#<eventId>` (the function's own role,
 * limited to those partitions).
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { auditPut } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import {
  type BillingState,
  type BillingStore,
  billingStateSchema,
  type TenantBilling,
} from '#shared/billing/model.ts';
import { ConflictError } from '#shared/errors.ts';
import { planNameSchema } from '#shared/tenants/plans.ts';
import { isConditionFailure } from './conditions.ts';
import { globalKeys, tenantIndexEntry, tenantKeys } from './keys.ts';
import type { TenantClientFactory } from './tenant-clients.ts';
import { transact, unexpectedFailure } from './transactions.ts';

function tenantBillingOf(item: Record<string, unknown> | undefined): TenantBilling | undefined {
  if (!item) return undefined;
  const billing = billingStateSchema.safeParse(item.billing);
  return {
    plan: planNameSchema.parse(item.plan),
    status: String(item.status),
    ...(billing.success && item.billing !== undefined && { billing: billing.data }),
  };
}

export class DynamoBillingStore implements BillingStore {
  constructor(
    private readonly clientFor: TenantClientFactory,
    private readonly globalClient: () => DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getTenantBilling(scope: TenantScope): Promise<TenantBilling | undefined> {
    const { Item } = await this.clientFor(scope).send(
      new GetCommand({
        TableName: this.tableName,
        Key: tenantKeys.tenant(scope),
        ConsistentRead: true,
        ProjectionExpression: '#plan, #status, billing',
        ExpressionAttributeNames: { '#plan': 'plan', '#status': 'status' },
      }),
    );
    return tenantBillingOf(Item);
  }

  async linkCustomer(scope: TenantScope, customerId: string): Promise<void> {
    try {
      await this.globalClient().send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...globalKeys.stripeCustomer(customerId),
            ...tenantIndexEntry('BILLED', scope.tenantId),
            type: 'stripeCustomer',
            tenantId: scope.tenantId,
          },
          ConditionExpression: 'attribute_not_exists(PK) OR tenantId = :tenantId',
          ExpressionAttributeValues: { ':tenantId': scope.tenantId },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConflictError('The Stripe customer belongs to another tenant');
      throw error;
    }
    try {
      await this.clientFor(scope).send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: tenantKeys.tenant(scope),
          UpdateExpression: 'SET billing = :billing',
          ConditionExpression:
            'attribute_exists(PK) AND #status = :active AND attribute_not_exists(billing)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':billing': { customerId } satisfies BillingState,
            ':active': 'active',
          },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // A retry of the same link (same idempotent customer) finds its own customer id there.
      const current = await this.getTenantBilling(scope);
      if (current?.billing?.customerId !== customerId) {
        throw new ConflictError('The tenant has another Stripe customer or is not active');
      }
    }
  }

  async unlinkCustomer(scope: TenantScope, customerId: string): Promise<void> {
    await this.globalClient().send(
      new DeleteCommand({ TableName: this.tableName, Key: globalKeys.stripeCustomer(customerId) }),
    );
    await this.clientFor(scope)
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: tenantKeys.tenant(scope),
          UpdateExpression: 'REMOVE billing',
          ConditionExpression: 'attribute_exists(PK)',
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }

  async tenantOfCustomer(customerId: string): Promise<string | undefined> {
    const { Item } = await this.globalClient().send(
      new GetCommand({
        TableName: this.tableName,
        Key: globalKeys.stripeCustomer(customerId),
        ConsistentRead: true,
      }),
    );
    return typeof Item?.tenantId === 'string' ? Item.tenantId : undefined;
  }

  async writeBillingState(
    scope: TenantScope,
    change: Parameters<BillingStore['writeBillingState']>[1],
  ): Promise<'written' | 'stale' | 'planChanged' | 'gone'> {
    const { billing, plan, expectedPlan, audit } = change;
    const planChanges = plan !== expectedPlan;
    const result = await transact(this.clientFor(scope), {
      tenant: {
        Update: {
          TableName: this.tableName,
          Key: tenantKeys.tenant(scope),
          // The plan is part of what GET /v1/tenant shows, so its change is a new version.
          UpdateExpression: planChanges
            ? 'SET billing = :billing, #plan = :plan, updatedAt = :now, version = version + :one'
            : 'SET billing = :billing',
          ConditionExpression:
            'attribute_exists(PK) AND #status = :active AND #plan = :expected AND billing.customerId = :customer AND (attribute_not_exists(billing.readAt) OR billing.readAt <= :readAt)',
          ExpressionAttributeNames: { '#plan': 'plan', '#status': 'status' },
          ExpressionAttributeValues: {
            ':billing': billing,
            ':expected': expectedPlan,
            ':active': 'active',
            ':customer': billing.customerId,
            ':readAt': billing.readAt,
            ...(planChanges && { ':plan': plan, ':now': billing.readAt, ':one': 1 }),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      audit: audit && planChanges ? auditPut(this.tableName, scope, audit) : undefined,
    });
    if (result.ok) return 'written';
    if (!result.failed.has('tenant')) throw unexpectedFailure('billing state', result);
    const current = tenantBillingOf(result.failed.get('tenant'));
    if (current?.status !== 'active' || current.billing?.customerId !== billing.customerId)
      return 'gone';
    if (current.plan !== expectedPlan) return 'planChanged';
    return 'stale';
  }

  async recordEvent(eventId: string, expiresAt: number): Promise<boolean> {
    try {
      await this.globalClient().send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...globalKeys.stripeEvent(eventId), type: 'stripeEvent', expiresAt },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async forgetEvent(eventId: string): Promise<void> {
    await this.globalClient().send(
      new DeleteCommand({ TableName: this.tableName, Key: globalKeys.stripeEvent(eventId) }),
    );
  }
}
