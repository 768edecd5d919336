/** Sign-up against DynamoDB Local and cognito-local: all or nothing, even when a step fails half way. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tenantStore } from '#shared/data/stores.ts';
import { ConflictError } from '#shared/errors.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import type { UserDirectory } from '#shared/identity/model.ts';
import type { TenantStore } from '#shared/tenants/model.ts';
import { orphanUserAgeMs, signUpTenant } from '#shared/tenants/sign-up.ts';
import { itemsMentioning } from '../../support/table.ts';
import { uniqueEmail, validPassword } from '../../support/tenants.ts';

const meta = { requestId: 'req-sign-up', sourceIp: '203.0.113.9' };

const dependencies = (): { store: TenantStore; directory: UserDirectory } => ({
  store: tenantStore(),
  directory: userDirectory(),
});

describe('signUpTenant', () => {
  it('writes the tenant, its owner, the email guard, one taken seat and its audit event, and a Cognito user with tenant and role', async () => {
    const email = uniqueEmail();

    const { tenant, owner } = await signUpTenant(
      { tenantName: 'Acme', email, password: validPassword },
      dependencies(),
      meta,
    );

    const items = await itemsMentioning(tenant.tenantId);
    const audit = items.filter((item) => item.type === 'audit');
    expect(
      items
        .filter((item) => item.type !== 'audit')
        .map((item) => item.SK)
        .sort(),
    ).toEqual(['COUNTERS', 'EMAIL', 'TENANT', `USER#${owner.userId}`]);
    expect(items.find((item) => item.SK === 'COUNTERS')).toMatchObject({ seats: 1 });
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'tenant.created',
        actorId: owner.userId,
        target: { type: 'tenant', id: tenant.tenantId },
        requestId: meta.requestId,
        sourceIp: meta.sourceIp,
      }),
    ]);
    const user = await userDirectory().findUser(email);
    expect(user).toMatchObject({ userId: owner.userId, tenantId: tenant.tenantId });
  });

  it('leaves no tenant and no Cognito user when the database write fails', async () => {
    const email = uniqueEmail();
    const tenantName = `Doomed ${randomUUID()}`;
    const failingStore: TenantStore = {
      ...tenantStore(),
      findEmailOwner: (scope, value) => tenantStore().findEmailOwner(scope, value),
      createTenantWithOwner: async () => {
        throw new Error('DynamoDB unavailable');
      },
    };

    await expect(
      signUpTenant(
        { tenantName, email, password: validPassword },
        { store: failingStore, directory: userDirectory() },
        meta,
      ),
    ).rejects.toThrow('DynamoDB unavailable');

    expect(await userDirectory().findUser(email)).toBeUndefined();
    expect(await itemsMentioning(tenantName)).toEqual([]);
  });

  it('writes nothing when Cognito refuses the user', async () => {
    const email = uniqueEmail();
    const tenantName = `Refused ${randomUUID()}`;
    const refusingDirectory: UserDirectory = {
      ...userDirectory(),
      findUser: (value) => userDirectory().findUser(value),
      deleteUser: (value) => userDirectory().deleteUser(value),
      createUser: async () => {
        throw new ConflictError('refused');
      },
    };

    await expect(
      signUpTenant(
        { tenantName, email, password: validPassword },
        { store: tenantStore(), directory: refusingDirectory },
        meta,
      ),
    ).rejects.toThrow(ConflictError);

    expect(await itemsMentioning(tenantName)).toEqual([]);
    expect(await itemsMentioning(email)).toEqual([]);
  });

  it('reclaims a Cognito user orphaned by a sign-up that crashed before its database write', async () => {
    const email = uniqueEmail();
    await userDirectory().createUser({
      email,
      password: validPassword,
      tenantId: '01ORPHANED0000000000000000',
      role: 'owner',
    });
    const later = () => new Date(Date.now() + orphanUserAgeMs + 1_000);

    const { tenant } = await signUpTenant(
      { tenantName: 'Second try', email, password: validPassword },
      { ...dependencies(), now: later },
      meta,
    );

    expect((await userDirectory().findUser(email))?.tenantId).toBe(tenant.tenantId);
  });

  it('does not reclaim a user whose sign-up may still be in flight', async () => {
    const email = uniqueEmail();
    await userDirectory().createUser({
      email,
      password: validPassword,
      tenantId: '01INFLIGHT0000000000000000',
      role: 'owner',
    });

    await expect(
      signUpTenant(
        { tenantName: 'Too soon', email, password: validPassword },
        dependencies(),
        meta,
      ),
    ).rejects.toThrow(ConflictError);

    expect((await userDirectory().findUser(email))?.tenantId).toBe('01INFLIGHT0000000000000000');
  });
});
