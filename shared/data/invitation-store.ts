/**
 * DynamoDB adapter of the InvitationStore port. An invitation is three items written together: the
 * invitation in the tenant's partition, a global token lookup (for the public accept route), and a
 * per-tenant lock on the invited email; the seat it takes is on the tenant's counters item.
 */
import { type DynamoDBDocumentClient, GetCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, auditPut } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { PageKey } from '#shared/http/cursor.ts';
import {
  type AcceptOutcome,
  type Invitation,
  type InvitationPage,
  type InvitationStore,
  type InviteOutcome,
  invitationSchema,
} from '#shared/invitations/model.ts';
import type { Member } from '#shared/tenants/model.ts';
import { type AuditedCreate, transactCreate } from './audited-create.ts';
import { counterDecrement, counterIncrement } from './counters.ts';
import {
  type IdempotencyRequest,
  idempotencyDelete,
  type StoredResponse,
  storedResponse,
} from './idempotency.ts';
import { globalKeys, sortKeyPrefixes, tenantKeys } from './keys.ts';
import { emailGuardPut, memberPut } from './member-items.ts';
import { pageItemReader } from './page-items.ts';
import { queryTenantPrefix } from './page-keys.ts';
import type { TenantClientFactory } from './tenant-clients.ts';
import { tenantIsActive } from './transaction-conditions.ts';
import {
  type NamedItems,
  type TransactItem,
  type TransactionResult,
  transact,
  unexpectedFailure,
} from './transactions.ts';

const notExists = 'attribute_not_exists(PK)';
const readInvitationPage = pageItemReader(invitationSchema);

export class DynamoInvitationStore implements InvitationStore {
  constructor(
    private readonly clientFor: TenantClientFactory,
    /** For the one global read that precedes knowing the tenant: finding a token's invitation. */
    private readonly lookupClient: () => DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(
    scope: TenantScope,
    invitation: Invitation,
    options: AuditedCreate & { maxSeats: number },
  ): Promise<InviteOutcome> {
    const nowSeconds = Math.floor(Date.parse(invitation.createdAt) / 1000);
    const result = await transactCreate(
      this.clientFor(scope),
      this.tableName,
      scope,
      {
        invitation: {
          Put: {
            TableName: this.tableName,
            Item: {
              ...tenantKeys.invitation(scope, invitation.invitationId),
              type: 'invitation',
              ...invitation,
            },
            ConditionExpression: notExists,
          },
        },
        token: {
          Put: {
            TableName: this.tableName,
            Item: {
              ...globalKeys.invitationToken(invitation.tokenHash),
              type: 'invitationToken',
              tenantId: scope.tenantId,
              invitationId: invitation.invitationId,
              expiresAt: invitation.expiresAt,
            },
            ConditionExpression: notExists,
          },
        },
        // One pending invitation per email and tenant; an expired holder no longer blocks.
        emailLock: {
          Put: {
            TableName: this.tableName,
            Item: {
              ...tenantKeys.pendingInvitationEmail(scope, invitation.email),
              type: 'invitationEmailLock',
              invitationId: invitation.invitationId,
              expiresAt: invitation.expiresAt,
            },
            ConditionExpression: `${notExists} OR expiresAt <= :now`,
            ExpressionAttributeValues: { ':now': nowSeconds },
          },
        },
        // An email with an account anywhere cannot be invited (sign-in emails are global).
        emailGuard: {
          ConditionCheck: {
            TableName: this.tableName,
            Key: globalKeys.emailGuard(invitation.email),
            ConditionExpression: notExists,
          },
        },
        // The seat count must exist (sign-up creates it; the service reconciles tenants that
        // predate it) and have room.
        seats: counterIncrement(this.tableName, scope, 'seats', options.maxSeats, {
          mustExist: true,
        }),
      },
      options,
    );
    if (result.kind !== 'refused') return result;
    if (result.failed.has('emailGuard')) return { kind: 'emailRegistered' };
    if (result.failed.has('emailLock')) return { kind: 'emailPending' };
    if (result.failed.has('seats')) return { kind: 'seatLimitReached' };
    throw new Error(`Invitation create failed on conditions ${[...result.failed].join(', ')}`);
  }

  async get(scope: TenantScope, invitationId: string): Promise<Invitation | undefined> {
    const { Item } = await this.clientFor(scope).send(
      new GetCommand({
        TableName: this.tableName,
        Key: tenantKeys.invitation(scope, invitationId),
        ConsistentRead: true,
      }),
    );
    return Item ? invitationSchema.parse(Item) : undefined;
  }

  list(scope: TenantScope, query: { limit: number; startKey?: PageKey }): Promise<InvitationPage> {
    return queryTenantPrefix(this.clientFor(scope), this.tableName, scope, {
      prefix: sortKeyPrefixes.invitation,
      ...query,
      newestFirst: true,
      read: readInvitationPage,
    });
  }

  async close(
    scope: TenantScope,
    invitation: Invitation,
    status: 'revoked' | 'expired',
    audit: AuditEvent,
    releaseIdempotency?: IdempotencyRequest,
  ): Promise<boolean> {
    const overdueOnly = status === 'expired' ? ' AND expiresAt <= :now' : '';
    const result = await this.transactReleasingLock(scope, invitation, {
      invitation: {
        Update: {
          TableName: this.tableName,
          Key: tenantKeys.invitation(scope, invitation.invitationId),
          UpdateExpression: 'SET #status = :status, updatedAt = :at, version = version + :one',
          ConditionExpression: `#status = :pending${overdueOnly}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': status,
            ':pending': 'pending',
            ':at': audit.occurredAt,
            ':one': 1,
            ...(overdueOnly && { ':now': Math.floor(Date.parse(audit.occurredAt) / 1000) }),
          },
        },
      },
      token: this.tokenDelete(invitation),
      seats: counterDecrement(this.tableName, scope, 'seats'),
      audit: auditPut(this.tableName, scope, audit),
      idempotency:
        releaseIdempotency && idempotencyDelete(this.tableName, scope, releaseIdempotency),
    });
    if (result.ok) return true;
    if (result.failed.has('invitation')) return false;
    throw unexpectedFailure('Closing an invitation', result);
  }

  async findToken(
    tokenHash: string,
  ): Promise<{ tenantId: string; invitationId: string } | undefined> {
    const { Item } = await this.lookupClient().send(
      new GetCommand({
        TableName: this.tableName,
        Key: globalKeys.invitationToken(tokenHash),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return { tenantId: String(Item.tenantId), invitationId: String(Item.invitationId) };
  }

  async accept(
    scope: TenantScope,
    invitation: Invitation,
    member: Member,
    audit: AuditEvent,
  ): Promise<AcceptOutcome> {
    const nowSeconds = Math.floor(Date.parse(member.createdAt) / 1000);
    const result = await this.transactReleasingLock(scope, invitation, {
      invitation: {
        Update: {
          TableName: this.tableName,
          Key: tenantKeys.invitation(scope, invitation.invitationId),
          UpdateExpression:
            'SET #status = :accepted, acceptedBy = :userId, updatedAt = :at, version = version + :one',
          ConditionExpression: '#status = :pending AND expiresAt > :now',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':accepted': 'accepted',
            ':pending': 'pending',
            ':userId': member.userId,
            ':at': member.createdAt,
            ':one': 1,
            ':now': nowSeconds,
          },
        },
      },
      emailGuard: emailGuardPut(this.tableName, scope, member),
      member: memberPut(this.tableName, scope, member),
      // A tenant being closed takes no new members.
      tenantActive: tenantIsActive(this.tableName, scope),
      token: this.tokenDelete(invitation),
      audit: auditPut(this.tableName, scope, audit),
    });
    if (result.ok) return { kind: 'accepted' };
    if (result.failed.has('invitation') || result.failed.has('tenantActive')) {
      return { kind: 'notPending' };
    }
    if (result.failed.has('emailGuard')) return { kind: 'emailRegistered' };
    throw unexpectedFailure('Accepting an invitation', result);
  }

  async overdue(scope: TenantScope, nowSeconds: number): Promise<Invitation[]> {
    const overdue: Invitation[] = [];
    // A Query of this tenant's own invitations; the filter only trims what this maintenance path reads.
    for await (const page of paginateQuery(
      { client: this.clientFor(scope) },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        FilterExpression: '#status = :pending AND expiresAt <= :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pk': tenantKeys.partition(scope),
          ':prefix': sortKeyPrefixes.invitation,
          ':pending': 'pending',
          ':now': nowSeconds,
        },
        ConsistentRead: true,
      },
    )) {
      overdue.push(...(page.Items ?? []).map((item) => invitationSchema.parse(item)));
    }
    return overdue;
  }

  async reconcileSeats(scope: TenantScope): Promise<boolean> {
    // The counter first, then the items: every change to the items moves the counter in the same
    // transaction, so if the counter is still what we read when we write, the count is current.
    const { Item } = await this.clientFor(scope).send(
      new GetCommand({
        TableName: this.tableName,
        Key: tenantKeys.counters(scope),
        ConsistentRead: true,
      }),
    );
    const counted = typeof Item?.seats === 'number' ? Item.seats : undefined;
    const [members, pending] = await Promise.all([
      this.count(scope, sortKeyPrefixes.member),
      this.count(scope, sortKeyPrefixes.invitation, true),
    ]);
    const actual = members + pending;
    if (counted === actual) return false;
    const result = await transact(this.clientFor(scope), {
      seats: {
        Update: {
          TableName: this.tableName,
          Key: tenantKeys.counters(scope),
          UpdateExpression: 'SET seats = :actual',
          ConditionExpression:
            counted === undefined ? 'attribute_not_exists(seats)' : 'seats = :counted',
          ExpressionAttributeValues: {
            ':actual': actual,
            ...(counted !== undefined && { ':counted': counted }),
          },
        },
      },
    });
    return result.ok;
  }

  storedResponse(
    scope: TenantScope,
    request: IdempotencyRequest,
    now: Date,
  ): Promise<StoredResponse | undefined> {
    return storedResponse(this.clientFor(scope), this.tableName, scope, request, now);
  }

  private async count(scope: TenantScope, prefix: string, pendingOnly = false): Promise<number> {
    let total = 0;
    for await (const page of paginateQuery(
      { client: this.clientFor(scope) },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ...(pendingOnly && {
          FilterExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
        }),
        ExpressionAttributeValues: {
          ':pk': tenantKeys.partition(scope),
          ':prefix': prefix,
          ...(pendingOnly && { ':pending': 'pending' }),
        },
        Select: 'COUNT',
        ConsistentRead: true,
      },
    )) {
      total += page.Count ?? 0;
    }
    return total;
  }

  private tokenDelete(invitation: Invitation): TransactItem {
    return {
      Delete: { TableName: this.tableName, Key: globalKeys.invitationToken(invitation.tokenHash) },
    };
  }

  /**
   * Runs `items` plus the release of the invitation's email lock. The lock is released only while it
   * is this invitation's: once an invitation has expired, a newer one to the same email may hold it,
   * and then the transaction runs again without touching it.
   */
  private async transactReleasingLock<N extends string>(
    scope: TenantScope,
    invitation: Invitation,
    items: NamedItems<N>,
  ): Promise<TransactionResult<N | 'emailLock'>> {
    const emailLock: TransactItem = {
      Delete: {
        TableName: this.tableName,
        Key: tenantKeys.pendingInvitationEmail(scope, invitation.email),
        ConditionExpression: `${notExists} OR invitationId = :id`,
        ExpressionAttributeValues: { ':id': invitation.invitationId },
      },
    };
    const withRelease = await transact<N | 'emailLock'>(this.clientFor(scope), {
      ...items,
      emailLock,
    });
    if (withRelease.ok || withRelease.failed.size > 1 || !withRelease.failed.has('emailLock')) {
      return withRelease;
    }
    return transact(this.clientFor(scope), items);
  }
}
