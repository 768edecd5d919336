/**
 * Member management: list and read members, change a role, remove a member, transfer ownership.
 * The route decides who may call; shared/members/rules.ts decides who may act on whom; every change
 * is one transaction with its audit event.
 */
import { auditEvent } from '#shared/audit/audit-log.ts';
import { NotFoundError, PreconditionFailedError } from '#shared/errors.ts';
import type { CursorCodec } from '#shared/http/cursor.ts';
import type { ListPage } from '#shared/http/list.ts';
import type { UserDirectory } from '#shared/identity/model.ts';
import { logger } from '#shared/observability/logger.ts';
import type { Caller } from '#shared/requests.ts';
import type { Member } from '#shared/tenants/model.ts';
import { type MemberView, memberView } from '#shared/tenants/views.ts';
import { anyVersion, type ExpectedVersion } from '#shared/versions.ts';
import type { AssignableRole, MemberStore } from './model.ts';
import { assertMayGrant, assertMayManage, assertMayTransferTo } from './rules.ts';

export interface MemberDependencies {
  readonly store: MemberStore;
  readonly directory: UserDirectory;
  readonly now?: () => Date;
}

export interface VersionedMember {
  readonly member: MemberView;
  readonly version: number;
}

export async function listMembers(
  { ctx }: Pick<Caller, 'ctx'>,
  query: { readonly limit: number; readonly cursor?: string },
  codec: CursorCodec,
  store: MemberStore,
): Promise<ListPage<MemberView>> {
  const listing = 'users';
  const startKey =
    query.cursor === undefined ? undefined : codec.decode(ctx, listing, query.cursor);
  const page = await store.list(ctx, { limit: query.limit, ...(startKey && { startKey }) });
  return {
    items: page.items.map(memberView),
    nextCursor: page.lastKey ? codec.encode(ctx, listing, page.lastKey) : null,
  };
}

async function existing(store: MemberStore, caller: Caller, userId: string): Promise<Member> {
  const member = await store.get(caller.ctx, userId);
  if (!member) throw new NotFoundError('User not found');
  return member;
}

/** The member's version, when it is the one expected (`any` is): the version its write must find. */
function assertVersion(member: Member, expected: ExpectedVersion): number {
  if (expected !== anyVersion && member.version !== expected) {
    throw new PreconditionFailedError('The member has changed since you read it', {
      currentVersion: member.version,
    });
  }
  return member.version;
}

export async function getMember(
  caller: Pick<Caller, 'ctx'>,
  userId: string,
  store: MemberStore,
): Promise<VersionedMember> {
  const member = await store.get(caller.ctx, userId);
  if (!member) throw new NotFoundError('User not found');
  return { member: memberView(member), version: member.version };
}

/** Best effort: the claim is informational (the authorizer reads the member item), so a failure only logs. */
async function syncRoleClaim(directory: UserDirectory, member: Member): Promise<void> {
  try {
    await directory.setRole(member.email, member.role);
  } catch (error) {
    logger.warn('Could not update the custom:role claim; the member item stays the authority', {
      memberUserId: member.userId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

export async function changeMemberRole(
  caller: Caller,
  userId: string,
  expected: ExpectedVersion,
  role: AssignableRole,
  { store, directory, now = () => new Date() }: MemberDependencies,
): Promise<VersionedMember> {
  const { ctx, meta } = caller;
  const target = await existing(store, caller, userId);
  assertMayManage(ctx, target);
  assertMayGrant(ctx, role);
  const expectedVersion = assertVersion(target, expected);
  if (target.role === role) return { member: memberView(target), version: target.version };

  const at = now();
  const updated: Member = {
    ...target,
    role,
    updatedAt: at.toISOString(),
    version: expectedVersion + 1,
  };
  await store.changeRole(
    ctx,
    updated,
    expectedVersion,
    auditEvent(
      {
        actorId: ctx.userId,
        action: 'member.role_changed',
        target: { type: 'user', id: userId },
        meta,
        details: { from: target.role, to: role },
      },
      at,
    ),
  );
  await syncRoleClaim(directory, updated);
  return { member: memberView(updated), version: updated.version };
}

/**
 * Removes a member: the Cognito user is disabled first, so a failed database write can enable it
 * again and leave nothing changed, while a crash in between leaves a blocked user rather than a
 * removed member who can still sign in.
 */
export async function removeMember(
  caller: Caller,
  userId: string,
  expected: ExpectedVersion,
  { store, directory, now = () => new Date() }: MemberDependencies,
): Promise<void> {
  const { ctx, meta } = caller;
  const target = await existing(store, caller, userId);
  assertMayManage(ctx, target);
  const expectedVersion = assertVersion(target, expected);

  await directory.disableUser(target.email);
  try {
    await store.remove(
      ctx,
      userId,
      expectedVersion,
      auditEvent(
        {
          actorId: ctx.userId,
          action: 'member.removed',
          target: { type: 'user', id: userId },
          meta,
          details: { email: target.email, role: target.role },
        },
        now(),
      ),
    );
  } catch (error) {
    await directory.enableUser(target.email).catch((enableError: unknown) => {
      logger.error('Could not enable a user again after a failed removal', {
        memberUserId: userId,
        error: enableError instanceof Error ? enableError.message : String(enableError),
      });
    });
    throw error;
  }
}

export async function transferOwnership(
  caller: Caller,
  userId: string,
  { store, directory, now = () => new Date() }: MemberDependencies,
): Promise<{ readonly owner: MemberView; readonly previousOwner: MemberView }> {
  const { ctx, meta } = caller;
  const [from, to] = await Promise.all([
    existing(store, caller, ctx.userId),
    existing(store, caller, userId),
  ]);
  assertMayTransferTo({ userId: from.userId, role: from.role }, to);

  const at = now();
  await store.transferOwnership(
    ctx,
    { from, to },
    auditEvent(
      {
        actorId: ctx.userId,
        action: 'tenant.ownership_transferred',
        target: { type: 'user', id: userId },
        meta,
        details: { from: from.userId, to: to.userId, previousRoleOfNewOwner: to.role },
      },
      at,
    ),
  );
  const changed = (member: Member, role: Member['role']): Member => ({
    ...member,
    role,
    updatedAt: at.toISOString(),
    version: member.version + 1,
  });
  const owner = changed(to, 'owner');
  const previousOwner = changed(from, 'admin');
  await Promise.all([syncRoleClaim(directory, owner), syncRoleClaim(directory, previousOwner)]);
  return { owner: memberView(owner), previousOwner: memberView(previousOwner) };
}
