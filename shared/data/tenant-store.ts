/** DynamoDB adapter of the TenantStore port: tenant item, member items and the global email guard. */
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TenantScope } from '../auth/tenant-context.ts';
import { ConflictError } from '../errors.ts';
import {
  type Member,
  memberSchema,
  type Tenant,
  type TenantStore,
  type TenantWithOwner,
  tenantSchema,
} from '../tenants/model.ts';
import { failedTransactionConditions } from './conditions.ts';
import { globalKeys, type ItemKey, tenantKeys } from './keys.ts';

const notExists = 'attribute_not_exists(PK)';

export class DynamoTenantStore implements TenantStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createTenantWithOwner(
    scope: TenantScope,
    { tenant, owner }: TenantWithOwner,
  ): Promise<void> {
    const emailGuard = { ...globalKeys.emailGuard(owner.email), type: 'emailGuard' };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...tenantKeys.tenant(scope), type: 'tenant', ...tenant },
                ConditionExpression: notExists,
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...tenantKeys.member(scope, owner.userId),
                  ...tenantKeys.memberByEmail(scope, owner.email),
                  type: 'member',
                  ...owner,
                },
                ConditionExpression: notExists,
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...emailGuard, tenantId: tenant.tenantId, userId: owner.userId },
                ConditionExpression: notExists,
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (failedTransactionConditions(error) !== undefined) {
        throw new ConflictError('An account with this email already exists', undefined, {
          cause: error,
        });
      }
      throw error;
    }
  }

  async getTenantAndMember(
    scope: TenantScope,
    userId: string,
  ): Promise<{ tenant?: Tenant; member?: Member }> {
    const tenantKey = tenantKeys.tenant(scope);
    const memberKey = tenantKeys.member(scope, userId);
    const result = await this.client.send(
      new BatchGetCommand({
        RequestItems: { [this.tableName]: { Keys: [tenantKey, memberKey], ConsistentRead: true } },
      }),
    );
    const unprocessed = result.UnprocessedKeys?.[this.tableName]?.Keys?.length ?? 0;
    if (unprocessed > 0) {
      // Two small keys are only left unprocessed under throttling; read them one by one instead.
      return this.getOneByOne(tenantKey, memberKey);
    }
    const items = result.Responses?.[this.tableName] ?? [];
    const tenantItem = items.find((item) => item.SK === tenantKey.SK);
    const memberItem = items.find((item) => item.SK === memberKey.SK);
    return {
      ...(tenantItem && { tenant: tenantSchema.parse(tenantItem) }),
      ...(memberItem && { member: memberSchema.parse(memberItem) }),
    };
  }

  async findEmailOwner(email: string): Promise<{ tenantId: string; userId: string } | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: globalKeys.emailGuard(email),
        ConsistentRead: true,
      }),
    );
    if (!result.Item) return undefined;
    return { tenantId: String(result.Item.tenantId), userId: String(result.Item.userId) };
  }

  private async getOneByOne(
    tenantKey: ItemKey,
    memberKey: ItemKey,
  ): Promise<{ tenant?: Tenant; member?: Member }> {
    const [tenantResult, memberResult] = await Promise.all(
      [tenantKey, memberKey].map((Key) =>
        this.client.send(new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true })),
      ),
    );
    return {
      ...(tenantResult?.Item && { tenant: tenantSchema.parse(tenantResult.Item) }),
      ...(memberResult?.Item && { member: memberSchema.parse(memberResult.Item) }),
    };
  }
}
