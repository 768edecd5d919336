/**
 * DynamoDB adapter of the AccountStore port: hashed one-time codes and pending MFA sign-ins in the
 * tenant's `#ACCOUNT` partition (never exported, deleted with the tenant), the email guard lookup
 * the public account routes start from, and the email change that moves a member's guard.
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  AccountStore,
  EmailChange,
  EmailChangeOutcome,
  MemberChange,
  PendingMfaSignIn,
} from '#shared/accounts/model.ts';
import {
  type CodePurpose,
  maxCodeAttempts,
  type StoredCode,
} from '#shared/accounts/one-time-codes.ts';
import { type AuditEvent, auditPut } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { isConditionFailure } from './conditions.ts';
import { globalKeys, tenantKeys } from './keys.ts';
import type { TenantClientFactory } from './tenant-clients.ts';
import { type TransactItem, transact } from './transactions.ts';

function memberUpdate(
  tableName: string,
  scope: TenantScope,
  userId: string,
  change: MemberChange & { readonly mfaEnabled?: boolean },
): TransactItem {
  const sets: string[] = [];
  const values: Record<string, unknown> = {};
  if (change.emailVerified) {
    sets.push('emailVerified = :verified');
    values[':verified'] = true;
  }
  if (change.signedOutAt !== undefined) {
    sets.push('signedOutAt = :signedOutAt');
    values[':signedOutAt'] = change.signedOutAt;
  }
  if (change.mfaEnabled !== undefined) {
    sets.push('mfaEnabled = :mfa');
    values[':mfa'] = change.mfaEnabled;
  }
  return {
    // Not versioned: account state is the user's own and never part of an admin's ETag.
    Update: {
      TableName: tableName,
      Key: tenantKeys.member(scope, userId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: values,
    },
  };
}

/** Deletes the code, only while it is this very code and not yet void: of two redemptions one wins. */
function codeRedemption(tableName: string, scope: TenantScope, code: StoredCode): TransactItem {
  return {
    Delete: {
      TableName: tableName,
      Key: tenantKeys.accountCode(scope, code.purpose, code.userId),
      ConditionExpression: '#hash = :hash AND attempts < :max',
      ExpressionAttributeNames: { '#hash': 'hash' },
      ExpressionAttributeValues: { ':hash': code.hash, ':max': maxCodeAttempts },
    },
  };
}

export class DynamoAccountStore implements AccountStore {
  constructor(
    private readonly clientFor: TenantClientFactory,
    /** For the one global read before the tenant is known: the email guard. */
    private readonly lookupClient: () => DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findByEmail(email: string): Promise<{ tenantId: string; userId: string } | undefined> {
    const { Item } = await this.lookupClient().send(
      new GetCommand({
        TableName: this.tableName,
        Key: globalKeys.emailGuard(email),
        ConsistentRead: true,
      }),
    );
    if (typeof Item?.tenantId !== 'string' || typeof Item.userId !== 'string') return undefined;
    return { tenantId: Item.tenantId, userId: Item.userId };
  }

  async putCode(scope: TenantScope, code: StoredCode): Promise<void> {
    await this.clientFor(scope).send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...tenantKeys.accountCode(scope, code.purpose, code.userId),
          type: 'accountCode',
          ...code,
        },
      }),
    );
  }

  async getCode(
    scope: TenantScope,
    purpose: CodePurpose,
    userId: string,
  ): Promise<StoredCode | undefined> {
    const { Item } = await this.clientFor(scope).send(
      new GetCommand({
        TableName: this.tableName,
        Key: tenantKeys.accountCode(scope, purpose, userId),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return {
      userId: String(Item.userId),
      purpose: Item.purpose as CodePurpose,
      salt: String(Item.salt),
      hash: String(Item.hash),
      expiresAt: Number(Item.expiresAt),
      attempts: Number(Item.attempts),
      ...(typeof Item.newEmail === 'string' && { newEmail: Item.newEmail }),
    };
  }

  async countWrongCode(scope: TenantScope, code: StoredCode, maxAttempts: number): Promise<void> {
    await this.countAttempt(
      scope,
      tenantKeys.accountCode(scope, code.purpose, code.userId),
      code.hash,
      maxAttempts,
    );
  }

  async redeemCode(
    scope: TenantScope,
    code: StoredCode,
    change: MemberChange,
    audit: AuditEvent,
  ): Promise<boolean> {
    const result = await transact(this.clientFor(scope), {
      code: codeRedemption(this.tableName, scope, code),
      member: memberUpdate(this.tableName, scope, code.userId, change),
      audit: auditPut(this.tableName, scope, audit),
    });
    if (result.ok) return true;
    if (result.failed.has('code')) return false;
    throw new Error('Code redemption failed on an unexpected condition');
  }

  async changeEmail(
    scope: TenantScope,
    code: StoredCode,
    change: EmailChange,
    audit: AuditEvent,
  ): Promise<EmailChangeOutcome> {
    const result = await transact(this.clientFor(scope), {
      code: codeRedemption(this.tableName, scope, code),
      oldGuard: {
        Delete: {
          TableName: this.tableName,
          Key: globalKeys.emailGuard(change.oldEmail),
          ConditionExpression: 'userId = :userId',
          ExpressionAttributeValues: { ':userId': change.userId },
        },
      },
      newGuard: {
        Put: {
          TableName: this.tableName,
          Item: {
            ...globalKeys.emailGuard(change.newEmail),
            type: 'emailGuard',
            tenantId: scope.tenantId,
            userId: change.userId,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      member: {
        Update: {
          TableName: this.tableName,
          Key: tenantKeys.member(scope, change.userId),
          // Versioned: the email is part of the member as admins read it, so their ETag changes.
          UpdateExpression:
            'SET email = :new, GSI1PK = :byEmail, emailVerified = :verified, signedOutAt = :signedOutAt, updatedAt = :updatedAt ADD version :one',
          ConditionExpression: 'email = :old',
          ExpressionAttributeValues: {
            ':new': change.newEmail,
            ':old': change.oldEmail,
            ':byEmail': tenantKeys.memberByEmail(scope, change.newEmail).GSI1PK,
            ':verified': true,
            ':signedOutAt': change.signedOutAt,
            ':updatedAt': change.updatedAt,
            ':one': 1,
          },
        },
      },
      audit: auditPut(this.tableName, scope, audit),
    });
    if (result.ok) return 'changed';
    if (result.failed.has('newGuard')) return 'emailTaken';
    if (result.failed.has('code')) return 'codeGone';
    if (result.failed.has('member') || result.failed.has('oldGuard')) return 'memberChanged';
    throw new Error('Email change failed on an unexpected condition');
  }

  async updateMember(
    scope: TenantScope,
    userId: string,
    change: MemberChange & { readonly mfaEnabled?: boolean },
    audit: AuditEvent,
  ): Promise<void> {
    const result = await transact(this.clientFor(scope), {
      member: memberUpdate(this.tableName, scope, userId, change),
      audit: auditPut(this.tableName, scope, audit),
    });
    if (!result.ok) throw new Error('Account update failed: the member is gone');
  }

  async putMfaSignIn(scope: TenantScope, pending: PendingMfaSignIn): Promise<void> {
    await this.clientFor(scope).send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...tenantKeys.mfaSignIn(scope, pending.userId), type: 'mfaSignIn', ...pending },
      }),
    );
  }

  async getMfaSignIn(scope: TenantScope, userId: string): Promise<PendingMfaSignIn | undefined> {
    const { Item } = await this.clientFor(scope).send(
      new GetCommand({
        TableName: this.tableName,
        Key: tenantKeys.mfaSignIn(scope, userId),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return {
      userId: String(Item.userId),
      email: String(Item.email),
      sessionHash: String(Item.sessionHash),
      challengeSession: String(Item.challengeSession),
      expiresAt: Number(Item.expiresAt),
      attempts: Number(Item.attempts),
    };
  }

  async countWrongMfaCode(
    scope: TenantScope,
    pending: PendingMfaSignIn,
    maxAttempts: number,
  ): Promise<void> {
    await this.countAttempt(
      scope,
      tenantKeys.mfaSignIn(scope, pending.userId),
      pending.sessionHash,
      maxAttempts,
      'sessionHash',
    );
  }

  async endMfaSignIn(scope: TenantScope, pending: PendingMfaSignIn): Promise<boolean> {
    try {
      await this.clientFor(scope).send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: tenantKeys.mfaSignIn(scope, pending.userId),
          ConditionExpression: 'sessionHash = :hash',
          ExpressionAttributeValues: { ':hash': pending.sessionHash },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markTotpCodeUsed(
    scope: TenantScope,
    userId: string,
    codeHash: string,
    expiresAt: number,
    nowSeconds: number,
  ): Promise<boolean> {
    try {
      await this.clientFor(scope).send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...tenantKeys.usedTotpCode(scope, userId, codeHash),
            type: 'usedTotpCode',
            expiresAt,
          },
          // TTL deletion lags, so an expired marker is overwritten rather than trusted.
          ConditionExpression: 'attribute_not_exists(PK) OR expiresAt <= :now',
          ExpressionAttributeValues: { ':now': nowSeconds },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** ADD 1 to `attempts` of the item while it is the same one; the last allowed guess deletes it. */
  private async countAttempt(
    scope: TenantScope,
    key: { PK: string; SK: string },
    hash: string,
    maxAttempts: number,
    hashAttribute = 'hash',
  ): Promise<void> {
    try {
      const { Attributes } = await this.clientFor(scope).send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'ADD attempts :one',
          ConditionExpression: '#hash = :hash',
          ExpressionAttributeNames: { '#hash': hashAttribute },
          ExpressionAttributeValues: { ':one': 1, ':hash': hash },
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (Number(Attributes?.attempts) >= maxAttempts) {
        await this.clientFor(scope).send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: key,
            ConditionExpression: '#hash = :hash',
            ExpressionAttributeNames: { '#hash': hashAttribute },
            ExpressionAttributeValues: { ':hash': hash },
          }),
        );
      }
    } catch (error) {
      // Replaced or deleted meanwhile: the guess was against a code that is gone anyway.
      if (!isConditionFailure(error)) throw error;
    }
  }
}
