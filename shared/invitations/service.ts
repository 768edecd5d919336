/**
 * The invitation lifecycle: invite (a seat taken in the same transaction), deliver the token by
 * email only, list, revoke, and accept (a Cognito user in the inviting tenant, then one
 * transaction that makes it a member). A used, revoked, expired or unknown token is a 410.
 */

import { assertEmailVerified } from '#shared/accounts/verified.ts';
import { auditEvent } from '#shared/audit/audit-log.ts';
import type { TenantContext, TenantScope } from '#shared/auth/tenant-context.ts';
import { tenantScopeFromInvitation } from '#shared/auth/tenant-context.ts';
import type { IdempotencyRequest } from '#shared/data/idempotency.ts';
import { ConflictError, GoneError, NotFoundError, PlanLimitError } from '#shared/errors.ts';
import type { CursorCodec } from '#shared/http/cursor.ts';
import type { ListPage } from '#shared/http/list.ts';
import { createIdempotently } from '#shared/idempotent-create.ts';
import { createUserReclaimingOrphan } from '#shared/identity/create-user.ts';
import type { UserDirectory } from '#shared/identity/model.ts';
import { newUlid } from '#shared/ids.ts';
import type { AssignableRole } from '#shared/members/model.ts';
import { assertMayGrant } from '#shared/members/rules.ts';
import { logger } from '#shared/observability/logger.ts';
import type { Caller, RequestMeta } from '#shared/requests.ts';
import { effectivePlan } from '#shared/tenants/effective-plan.ts';
import type { Member, Tenant, TenantStore } from '#shared/tenants/model.ts';
import { plans } from '#shared/tenants/plans.ts';
import { type MemberView, memberView, type TenantView, tenantView } from '#shared/tenants/views.ts';
import { expireOverdueInvitations } from './expiry.ts';
import {
  hashInvitationToken,
  type Invitation,
  type InvitationStore,
  invitationLifetimeSeconds,
  newInvitationToken,
} from './model.ts';
import { type InvitationView, invitationView } from './views.ts';

/** What the invitation email needs; the token appears nowhere else. */
export interface InvitationMail {
  readonly to: string;
  readonly token: string;
  readonly tenantName: string;
  readonly role: AssignableRole;
  readonly inviterEmail: string;
  readonly expiresAt: string;
}

export interface InvitationDependencies {
  readonly store: InvitationStore;
  readonly tenants: TenantStore;
  /** Queues the invitation email (a mail.send job on jobs-critical in production). */
  readonly deliver: (scope: TenantScope, mail: InvitationMail) => Promise<void>;
  readonly now?: () => Date;
}

export interface CreatedInvitation {
  readonly invitation: InvitationView;
  /** True when this answers a retry of an earlier request with the same Idempotency-Key. */
  readonly replayed: boolean;
}

const systemActor = 'system';
function seconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

export async function createInvitation(
  { ctx, meta }: Caller,
  input: { readonly email: string; readonly role: AssignableRole },
  idempotency: IdempotencyRequest | undefined,
  { store, tenants, deliver, now = () => new Date() }: InvitationDependencies,
): Promise<CreatedInvitation> {
  assertMayGrant(ctx, input.role);
  const { tenant, member: inviter } = await tenants.getTenantAndMember(ctx, ctx.userId);
  if (!tenant || !inviter) throw new NotFoundError('Caller no longer exists');
  assertEmailVerified(inviter, 'invite');
  // The plan the tenant's limits follow now: a complimentary plan while it lasts.
  const plan = effectivePlan(tenant, now());
  const maxSeats = plans[plan].maxSeats;
  let reconciled = false;
  const { body, replayed } = await createIdempotently<InvitationView>(idempotency, {
    now,
    storedResponse: (request, at) => store.storedResponse(ctx, request, at),
    attempt: async (at) => {
      const token = newInvitationToken();
      const invitation: Invitation = {
        invitationId: newUlid(at.getTime()),
        email: input.email,
        role: input.role,
        status: 'pending',
        tokenHash: hashInvitationToken(token),
        invitedBy: ctx.userId,
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
        expiresAt: seconds(at) + invitationLifetimeSeconds,
        version: 1,
      };
      const view = invitationView(invitation, at);
      const outcome = await store.create(ctx, invitation, {
        maxSeats,
        audit: auditEvent(
          {
            actorId: ctx.userId,
            action: 'invitation.created',
            target: { type: 'invitation', id: invitation.invitationId },
            meta,
            details: { email: input.email, role: input.role },
          },
          at,
        ),
        ...(idempotency && {
          idempotency: { request: idempotency, response: { statusCode: 201, body: view } },
        }),
      });
      switch (outcome.kind) {
        case 'created':
          await deliverOrWithdraw(
            { ctx, meta },
            invitation,
            { token, tenant, inviter },
            idempotency,
            {
              store,
              deliver,
              now,
            },
          );
          return { kind: 'created', body: view };
        case 'keyAlreadyUsed':
          return outcome;
        case 'emailRegistered':
          throw new ConflictError('An account with this email already exists');
        case 'emailPending':
          throw new ConflictError('An invitation to this email is already pending', {
            email: input.email,
          });
        case 'seatLimitReached':
          // Expired invitations still hold their seats until someone frees them: do it now, once.
          if (!reconciled && (await freeStaleSeats(ctx, store, meta, now))) {
            reconciled = true;
            return { kind: 'tryAgain' };
          }
          throw new PlanLimitError(
            `The ${plan} plan allows ${maxSeats} seats (members plus pending invitations)`,
            { limit: 'maxSeats', max: maxSeats, plan },
          );
      }
    },
  });
  return { invitation: body, replayed };
}

/**
 * The email is queued only after the invitation is committed, so no email ever names an invitation
 * that does not exist. If queueing fails, the invitation is withdrawn again (seat freed, key
 * forgotten) and the request fails, so the client's retry starts clean.
 */
async function deliverOrWithdraw(
  caller: Caller,
  invitation: Invitation,
  context: { readonly token: string; readonly tenant: Tenant; readonly inviter: Member },
  idempotency: IdempotencyRequest | undefined,
  deps: Pick<InvitationDependencies, 'store' | 'deliver'> & { now: () => Date },
): Promise<void> {
  const { ctx } = caller;
  try {
    await deps.deliver(ctx, {
      to: invitation.email,
      token: context.token,
      tenantName: context.tenant.name,
      role: invitation.role,
      inviterEmail: context.inviter.email,
      expiresAt: new Date(invitation.expiresAt * 1000).toISOString(),
    });
  } catch (error) {
    logger.error('Could not queue the invitation email; withdrawing the invitation', {
      invitationId: invitation.invitationId,
      error: error instanceof Error ? error.message : String(error),
    });
    await deps.store.close(
      ctx,
      invitation,
      'revoked',
      auditEvent(
        {
          actorId: systemActor,
          action: 'invitation.revoked',
          target: { type: 'invitation', id: invitation.invitationId },
          meta: { requestId: 'delivery', sourceIp: 'internal' },
          details: { reason: 'email_not_queued' },
        },
        deps.now(),
      ),
      idempotency,
    );
    throw error;
  }
}

/** Expires overdue pending invitations and corrects the seat counter; true when seats came free. */
async function freeStaleSeats(
  ctx: TenantContext,
  store: InvitationStore,
  meta: RequestMeta,
  now: () => Date,
): Promise<boolean> {
  const expired = await expireOverdueInvitations(ctx, meta, store, now());
  return (await store.reconcileSeats(ctx)) || expired > 0;
}

export async function listInvitations(
  { ctx }: Pick<Caller, 'ctx'>,
  query: { readonly limit: number; readonly cursor?: string },
  codec: CursorCodec,
  { store, now = () => new Date() }: Pick<InvitationDependencies, 'store' | 'now'>,
): Promise<ListPage<InvitationView>> {
  const listing = 'invitations';
  const startKey =
    query.cursor === undefined ? undefined : codec.decode(ctx, listing, query.cursor);
  const page = await store.list(ctx, { limit: query.limit, ...(startKey && { startKey }) });
  const at = now();
  return {
    items: page.items.map((invitation) => invitationView(invitation, at)),
    nextCursor: page.lastKey ? codec.encode(ctx, listing, page.lastKey) : null,
  };
}

/** Revokes a pending invitation; revoking one that is revoked already is a success (retries). */
export async function revokeInvitation(
  { ctx, meta }: Caller,
  invitationId: string,
  { store, now = () => new Date() }: Pick<InvitationDependencies, 'store' | 'now'>,
): Promise<void> {
  const invitation = await store.get(ctx, invitationId);
  if (!invitation) throw new NotFoundError('Invitation not found');
  if (invitation.status === 'revoked') return;
  const closed =
    invitation.status === 'pending' &&
    (await store.close(
      ctx,
      invitation,
      'revoked',
      auditEvent(
        {
          actorId: ctx.userId,
          action: 'invitation.revoked',
          target: { type: 'invitation', id: invitationId },
          meta,
          details: { email: invitation.email },
        },
        now(),
      ),
    ));
  if (!closed) {
    const current = (await store.get(ctx, invitationId))?.status ?? invitation.status;
    if (current === 'revoked') return;
    throw new ConflictError(`The invitation is ${current} and cannot be revoked`, {
      status: current,
    });
  }
}

export interface AcceptedInvitation {
  readonly tenant: TenantView;
  readonly user: MemberView;
}

function gone(): GoneError {
  return new GoneError('This invitation is no longer valid (used, revoked or expired)');
}

/**
 * Redeems a token: the Cognito user is created in the inviting tenant with the invited role, then
 * one transaction writes the member, the email guard and the accepted invitation; any failure
 * after the user exists deletes it again, as sign-up does.
 */
export async function acceptInvitation(
  input: { readonly token: string; readonly password: string },
  meta: RequestMeta,
  {
    store,
    tenants,
    directory,
    now = () => new Date(),
  }: Pick<InvitationDependencies, 'store' | 'tenants' | 'now'> & {
    readonly directory: UserDirectory;
  },
): Promise<AcceptedInvitation> {
  const found = await store.findToken(hashInvitationToken(input.token));
  const scope = found && tenantScopeFromInvitation(found.tenantId);
  if (!found || !scope) throw gone();
  const [invitation, tenant] = await Promise.all([
    store.get(scope, found.invitationId),
    tenants.getTenant(scope),
  ]);
  const at = now();
  if (
    invitation?.status !== 'pending' ||
    invitation.expiresAt <= seconds(at) ||
    tenant?.status !== 'active'
  ) {
    throw gone();
  }
  if (await tenants.findEmailOwner(scope, invitation.email)) {
    throw new ConflictError('An account with this email already exists');
  }

  const { userId } = await createUserReclaimingOrphan(
    directory,
    {
      email: invitation.email,
      password: input.password,
      tenantId: scope.tenantId,
      role: invitation.role,
    },
    at,
  );
  const member: Member = {
    tenantId: scope.tenantId,
    userId,
    email: invitation.email,
    role: invitation.role,
    status: 'active',
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
    version: 1,
    // The token reached the invitee only by mail: accepting it proves the address.
    emailVerified: true,
  };
  let outcome: Awaited<ReturnType<InvitationStore['accept']>>;
  try {
    outcome = await store.accept(
      scope,
      invitation,
      member,
      auditEvent(
        {
          actorId: userId,
          action: 'invitation.accepted',
          target: { type: 'invitation', id: invitation.invitationId },
          meta,
          details: { userId, email: invitation.email, role: invitation.role },
        },
        at,
      ),
    );
  } catch (error) {
    await directory.deleteUser(invitation.email);
    throw error;
  }
  if (outcome.kind !== 'accepted') {
    await directory.deleteUser(invitation.email);
    if (outcome.kind === 'emailRegistered') {
      throw new ConflictError('An account with this email already exists');
    }
    throw gone();
  }
  return { tenant: tenantView(tenant), user: memberView(member) };
}
