/**
 * Transaction items that move a tenant's exact counts (one per tenant resource, e.g. projects;
 * seats = members + pending invitations). Growing is conditioned on the plan's limit inside the
 * same transaction as the change, so concurrent requests can never overshoot it.
 */
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { tenantKeys } from './keys.ts';
import type { TransactItem } from './transactions.ts';

/** 'seats', or the plural of a tenant resource (its plan limit). */
export type CounterName = string;

/**
 * +1 while the count is below `max`. `mustExist` refuses a missing counter instead of starting it
 * at 1 (seats are created at sign-up, so a missing seat count needs reconciling first).
 */
export function counterIncrement(
  tableName: string,
  scope: TenantScope,
  counter: CounterName,
  max: number,
  { mustExist = false }: { readonly mustExist?: boolean } = {},
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: tenantKeys.counters(scope),
      UpdateExpression: 'ADD #counter :one',
      ConditionExpression: mustExist
        ? '#counter < :max'
        : 'attribute_not_exists(#counter) OR #counter < :max',
      ExpressionAttributeNames: { '#counter': counter },
      ExpressionAttributeValues: { ':one': 1, ':max': max },
    },
  };
}

export function counterDecrement(
  tableName: string,
  scope: TenantScope,
  counter: CounterName,
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: tenantKeys.counters(scope),
      UpdateExpression: 'ADD #counter :minusOne',
      ExpressionAttributeNames: { '#counter': counter },
      ExpressionAttributeValues: { ':minusOne': -1 },
    },
  };
}
