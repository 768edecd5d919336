/**
 * Invitations end to end, mail included: the API queues a mail.send job, the real critical worker
 * (polled locally as Lambda's event source mapping would) writes it to the outbox, and the test
 * reads the token from there through GET /_local/outbox, as a developer would. The daily job runs
 * on its clock seam, days ahead, against invitations the API made.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantScopeFromVerifiedClaims } from '#shared/auth/tenant-context.ts';
import { documentClient } from '#shared/data/document-client.ts';
import { globalKeys } from '#shared/data/keys.ts';
import { costStore, invitationStore, tenantStore, usageStore } from '#shared/data/stores.ts';
import { hashInvitationToken } from '#shared/invitations/model.ts';
import { plans } from '#shared/tenants/plans.ts';
import { runDailyUpkeep } from '#shared/upkeep/daily-job.ts';
import { dailyJobId, previousUtcDay } from '#shared/upkeep/dispatch.ts';
import {
  type ErrorResponseBody,
  request,
  startTestGateway,
  type TestGateway,
} from '../support/gateway.ts';
import { startTestJobs, type TestJobs, waitForMail } from '../support/jobs.ts';
import { addMember, expireInvitation, tokenInMail } from '../support/members.ts';
import {
  type SignedUpTenant,
  signUpAndLogin,
  type TokensBody,
  uniqueEmail,
  validPassword,
} from '../support/tenants.ts';

interface InvitationBody {
  readonly id: string;
  readonly email: string;
  readonly role: string;
  readonly status: string;
  readonly invitedBy: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

interface OutboxBody {
  readonly items: { to: string; subject: string; text: string }[];
}

let gateway: TestGateway;
let jobs: TestJobs;
beforeAll(async () => {
  // Queues of this file only, polled by the real workers, before anything enqueues.
  jobs = await startTestJobs();
  gateway = await startTestGateway();
});
afterAll(async () => {
  await gateway.close();
  await jobs.stop();
});

const api = <T = InvitationBody>(
  as: { idToken: string },
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
) => request<T>(gateway.baseUrl, method, path, { token: as.idToken, ...options });

const accept = (token: string, password = validPassword) =>
  request<{ tenant: { id: string }; user: { id: string; role: string; email: string } }>(
    gateway.baseUrl,
    'POST',
    '/v1/invitations/accept',
    { body: { token, password } },
  );

async function invite(
  as: SignedUpTenant,
  role = 'member',
  email = uniqueEmail('invitee'),
): Promise<{ invitation: InvitationBody; token: string; email: string }> {
  const response = await api(as, 'POST', '/v1/invitations', { body: { email, role } });
  expect(response.status).toBe(201);
  const [mail] = await waitForMail(email);
  if (!mail) throw new Error('no mail');
  return { invitation: response.body, token: tokenInMail(mail), email };
}

describe('the invitation lifecycle', () => {
  it('invites by email, delivers the token only by mail, and makes the invitee a member', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Invite Co');
    const admin = await addMember(gateway.baseUrl, owner, 'admin');
    const email = uniqueEmail('colleague');

    // Act: invite
    const invited = await api(admin, 'POST', '/v1/invitations', {
      body: { email: email.toUpperCase(), role: 'member' },
    });

    // Assess: the answer carries no secret, the mail does
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({
      email,
      role: 'member',
      status: 'pending',
      invitedBy: admin.userId,
    });
    expect(Object.keys(invited.body)).not.toContain('token');
    expect(invited.headers.get('location')).toBe(`/v1/invitations/${invited.body.id}`);
    const days =
      (Date.parse(invited.body.expiresAt) - Date.parse(invited.body.createdAt)) / 86_400_000;
    expect(days).toBeCloseTo(7, 3);
    await waitForMail(email);
    const outbox = await request<OutboxBody>(gateway.baseUrl, 'GET', `/_local/outbox?to=${email}`);
    expect(outbox.status).toBe(200);
    const [mail] = outbox.body.items;
    expect(mail?.subject).toBe('You are invited to join Invite Co');
    expect(mail?.text).toContain(admin.email);
    const token = tokenInMail(mail ?? { text: '' });
    expect(JSON.stringify(invited.body)).not.toContain(token);

    // Act: a password the policy refuses changes nothing; then accept for real
    const weak = await accept(token, 'password');
    const accepted = await accept(token);

    // Assess
    expect(weak.status).toBe(400);
    expect(accepted.status).toBe(201);
    expect(accepted.body.tenant.id).toBe(owner.tenantId);
    expect(accepted.body.user).toMatchObject({ email, role: 'member' });
    const login = await request<TokensBody>(gateway.baseUrl, 'POST', '/v1/auth/login', {
      body: { email, password: validPassword },
    });
    expect(login.status).toBe(200);
    const me = await api<{ tenant: { id: string }; role: string }>(login.body, 'GET', '/v1/me');
    expect(me.body).toMatchObject({ tenant: { id: owner.tenantId }, role: 'member' });
    const list = await api<Page<InvitationBody>>(admin, 'GET', '/v1/invitations');
    expect(list.body.items.find((item) => item.id === invited.body.id)?.status).toBe('accepted');
    expect((await accept(token)).status).toBe(410);
    const audit = await api<Page<{ action: string; actor: { id: string } }>>(
      owner,
      'GET',
      '/v1/audit?limit=10',
    );
    expect(audit.body.items.slice(0, 3).map((event) => event.action)).toEqual([
      'auth.login',
      'invitation.accepted',
      'invitation.created',
    ]);
    expect(audit.body.items[1]?.actor.id).toBe(accepted.body.user.id);
    expect(audit.body.items[2]?.actor.id).toBe(admin.userId);
  });

  it('answers 410 for a revoked token; revoking twice is fine, revoking an accepted one is a 409', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Revoke Co');
    const revoked = await invite(owner);
    const taken = await invite(owner);
    expect((await accept(taken.token)).status).toBe(201);

    // Act
    const first = await api(owner, 'DELETE', `/v1/invitations/${revoked.invitation.id}`);
    const again = await api(owner, 'DELETE', `/v1/invitations/${revoked.invitation.id}`);
    const ofAccepted = await api(owner, 'DELETE', `/v1/invitations/${taken.invitation.id}`);

    // Assess
    expect(first.status).toBe(204);
    expect(again.status).toBe(204);
    expect(ofAccepted.status).toBe(409);
    expect((await accept(revoked.token)).status).toBe(410);
    const list = await api<Page<InvitationBody>>(owner, 'GET', '/v1/invitations');
    expect(list.body.items.map((item) => item.status)).toEqual(['accepted', 'revoked']);
  });

  it('answers 410 for an expired token and shows the invitation as expired', async () => {
    const owner = await signUpAndLogin(gateway.baseUrl, 'Expiry Co');
    const { invitation, token } = await invite(owner);
    await expireInvitation(owner.tenantId, invitation.id);

    const response = await accept(token);

    expect(response.status).toBe(410);
    expect(response.body).toMatchObject({ error: { code: 'gone' } });
    const list = await api<Page<InvitationBody>>(owner, 'GET', '/v1/invitations');
    expect(list.body.items[0]?.status).toBe('expired');
  });

  it('answers 410 for a token that never existed, with the same message', async () => {
    const response = await accept('A'.repeat(43));

    expect(response.status).toBe(410);
  });

  it('refuses an email with a pending invitation here, or an account anywhere, with 409', async () => {
    const owner = await signUpAndLogin(gateway.baseUrl, 'Dupes Co');
    const elsewhere = await signUpAndLogin(gateway.baseUrl, 'Elsewhere Co');
    const { email } = await invite(owner);

    const responses = await Promise.all(
      [email, owner.email, elsewhere.email].map((address) =>
        api<ErrorResponseBody>(owner, 'POST', '/v1/invitations', {
          body: { email: address, role: 'viewer' },
        }),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual([409, 409, 409]);
  });

  it('replays a retried invitation with the same Idempotency-Key: one invitation, one mail', async () => {
    const owner = await signUpAndLogin(gateway.baseUrl, 'Retry Invite Co');
    const email = uniqueEmail('retried');
    const send = () =>
      api(owner, 'POST', '/v1/invitations', {
        body: { email, role: 'viewer' },
        headers: { 'idempotency-key': `invite-${email}` },
      });

    const first = await send();
    const retry = await send();

    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    await jobs.workers.drained();
    expect(await waitForMail(email)).toHaveLength(1);
  });

  it('refuses to grant a role above the inviter’s own: an admin cannot invite an owner', async () => {
    const owner = await signUpAndLogin(gateway.baseUrl, 'Grant Co');
    const admin = await addMember(gateway.baseUrl, owner, 'admin');

    const response = await api(admin, 'POST', '/v1/invitations', {
      body: { email: uniqueEmail(), role: 'owner' },
    });

    expect(response.status).toBe(400);
  });
});

describe('seats', () => {
  const seats = plans.free.maxSeats;

  it(`lets concurrent invitations take exactly the ${seats - 1} free seats left next to the owner`, async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Crowded Co');
    const attempts = seats + 5;

    // Act
    const responses = await Promise.all(
      Array.from({ length: attempts }, () =>
        api<InvitationBody & ErrorResponseBody>(owner, 'POST', '/v1/invitations', {
          body: { email: uniqueEmail('rush'), role: 'viewer' },
        }),
      ),
    );

    // Assess
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(seats - 1);
    expect(statuses.filter((status) => status === 402)).toHaveLength(attempts - (seats - 1));
    expect(responses.find((response) => response.status === 402)?.body.error).toMatchObject({
      code: 'plan_limit_reached',
      details: { limit: 'maxSeats', max: seats, plan: 'free' },
    });
    const list = await api<Page<InvitationBody>>(owner, 'GET', '/v1/invitations');
    expect(list.body.items).toHaveLength(seats - 1);
  });

  it('frees a seat when an invitation is revoked, or has expired, or a member is removed', async () => {
    // Prepare: owner + member + one pending invitation = 3 seats, the free plan's all
    const owner = await signUpAndLogin(gateway.baseUrl, 'Turnover Co');
    const member = await addMember(gateway.baseUrl, owner, 'member');
    const pending = await invite(owner);
    const full = () =>
      api(owner, 'POST', '/v1/invitations', { body: { email: uniqueEmail(), role: 'viewer' } });
    expect((await full()).status).toBe(402);

    // Act / Assess: revoked
    await api(owner, 'DELETE', `/v1/invitations/${pending.invitation.id}`);
    const afterRevoke = await full();
    expect(afterRevoke.status).toBe(201);
    expect((await full()).status).toBe(402);

    // Act / Assess: expired (freed by the next invitation that finds the seats full)
    await expireInvitation(owner.tenantId, afterRevoke.body.id);
    expect((await full()).status).toBe(201);
    const expired = await api<Page<{ action: string; actor: { id: string } }>>(
      owner,
      'GET',
      '/v1/audit?action=invitation.expired',
    );
    expect(expired.body.items[0]?.actor.id).toBe('system');

    // Act / Assess: removed member
    const etag =
      (await api(owner, 'GET', `/v1/members/${member.userId}`)).headers.get('etag') ?? '';
    await api(owner, 'DELETE', `/v1/members/${member.userId}`, { headers: { 'if-match': etag } });
    expect((await full()).status).toBe(201);
  });

  it('keeps the seat when an invitation is accepted: the invitee now holds it as a member', async () => {
    const owner = await signUpAndLogin(gateway.baseUrl, 'Convert Co');
    const first = await invite(owner);
    await invite(owner);
    expect((await accept(first.token)).status).toBe(201);

    const overflow = await api(owner, 'POST', '/v1/invitations', {
      body: { email: uniqueEmail(), role: 'viewer' },
    });

    expect(overflow.status).toBe(402);
  });
});

describe('the daily job', () => {
  it('expires overdue invitations for good: their seats, emails and tokens come free', async () => {
    // Prepare: the owner and two pending invitations hold the free plan's three seats
    const owner = await signUpAndLogin(gateway.baseUrl, 'Daily Expiry Co');
    const first = await invite(owner);
    const second = await invite(owner);
    const scope = tenantScopeFromVerifiedClaims(owner.tenantId);
    if (!scope) throw new Error('no scope');
    const eightDaysOn = new Date(Date.now() + 8 * 86_400_000);
    const date = previousUtcDay(eightDaysOn);

    // Act: the real daily job, its clock eight days on (past the seven-day expiry)
    const outcome = await runDailyUpkeep(
      {
        kind: 'tenant.daily',
        id: dailyJobId(date, owner.tenantId),
        tenantId: owner.tenantId,
        payload: { date },
        enqueuedAt: eightDaysOn.toISOString(),
      },
      scope,
      {
        invitations: invitationStore(),
        usage: usageStore(),
        costs: costStore(),
        tenants: tenantStore(),
        now: () => eightDaysOn,
      },
    );

    // Assess: stored as expired (today's clock would still show them pending otherwise)
    expect(outcome.invitationsExpired).toBe(2);
    const list = await api<Page<InvitationBody>>(owner, 'GET', '/v1/invitations');
    expect(list.body.items.map((item) => item.status)).toEqual(['expired', 'expired']);
    // the tokens: no lookup left, and the accept route answers 410
    for (const { token } of [first, second]) {
      const lookup = await documentClient().send(
        new GetCommand({
          TableName: process.env.TABLE_NAME,
          Key: globalKeys.invitationToken(hashInvitationToken(token)),
        }),
      );
      expect(lookup.Item).toBeUndefined();
      expect((await accept(token)).status).toBe(410);
    }
    // the email: it can be invited again today; the seats: exactly two are free again
    const again = await api(owner, 'POST', '/v1/invitations', {
      body: { email: first.email, role: 'viewer' },
    });
    const other = await api(owner, 'POST', '/v1/invitations', {
      body: { email: uniqueEmail(), role: 'viewer' },
    });
    const over = await api(owner, 'POST', '/v1/invitations', {
      body: { email: uniqueEmail(), role: 'viewer' },
    });
    expect([again.status, other.status, over.status]).toEqual([201, 201, 402]);
  });
});
