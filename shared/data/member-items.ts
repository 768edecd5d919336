/**
 * The items that make someone a member, written by sign-up (the owner) and by accepting an
 * invitation alike: the member item (with its by-email index entry) and the global guard that
 * keeps a sign-in email unique across every tenant.
 */
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { Member } from '#shared/tenants/model.ts';
import { globalKeys, tenantKeys } from './keys.ts';
import type { TransactItem } from './transactions.ts';

const notExists = 'attribute_not_exists(PK)';

/** Puts a new member; fails if the user is a member already. */
export function memberPut(tableName: string, scope: TenantScope, member: Member): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...tenantKeys.member(scope, member.userId),
        ...tenantKeys.memberByEmail(scope, member.email),
        type: 'member',
        ...member,
      },
      ConditionExpression: notExists,
    },
  };
}

/** Claims the member's email across every tenant; fails if an account has it already. */
export function emailGuardPut(tableName: string, scope: TenantScope, member: Member): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...globalKeys.emailGuard(member.email),
        type: 'emailGuard',
        tenantId: scope.tenantId,
        userId: member.userId,
      },
      ConditionExpression: notExists,
    },
  };
}
