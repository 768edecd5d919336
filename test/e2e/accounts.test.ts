/**
 * The account lifecycle over HTTP, mail included: verification codes and reset codes arrive through
 * the real mail.send worker in the outbox; TOTP codes are computed from the enrolled secret (RFC
 * 6238) as an authenticator app would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ErrorResponseBody,
  request,
  startTestGateway,
  type TestGateway,
} from '../support/gateway.ts';
import { mailsTo, startTestJobs, type TestJobs, waitForMail } from '../support/jobs.ts';
import { addMember, logIn } from '../support/members.ts';
import {
  type SignedUpTenant,
  signUpAndLogin,
  type TokensBody,
  uniqueEmail,
  validPassword,
} from '../support/tenants.ts';
import { totp } from '../support/totp.ts';

interface Challenge {
  readonly challenge: string;
  readonly session: string;
  readonly expiresIn: number;
}

let gateway: TestGateway;
let jobs: TestJobs;
beforeAll(async () => {
  jobs = await startTestJobs();
  gateway = await startTestGateway();
});
afterAll(async () => {
  await gateway.close();
  await jobs.stop();
});

const newPassword = 'Another-Horse-7-Staple';

const post = <T = ErrorResponseBody>(path: string, body: unknown, token?: string) =>
  request<T>(gateway.baseUrl, 'POST', path, { body, ...(token !== undefined && { token }) });
const get = <T = ErrorResponseBody>(path: string, token: string) =>
  request<T>(gateway.baseUrl, 'GET', path, { token });

/** The code in the newest mail to `to` with `subject`, waiting for the `count`-th such mail. */
async function mailedCode(to: string, subject: string, count = 1): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const mails = (await mailsTo(to)).filter((mail) => mail.subject === subject);
    const code =
      mails.length >= count ? /code: (\d{8})/.exec(mails[0]?.text ?? '')?.[1] : undefined;
    if (code !== undefined) return code;
    if (Date.now() > deadline) throw new Error(`No ${subject} mail with a code to ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function signUpUnverified(name: string): Promise<SignedUpTenant & { code: string }> {
  const owner = await signUpAndLogin(gateway.baseUrl, name, { verified: false });
  return { ...owner, code: await mailedCode(owner.email, 'Confirm your email address') };
}

async function actions(owner: { idToken: string }, action: string): Promise<unknown[]> {
  const audit = await get<{ items: unknown[] }>(`/v1/audit?action=${action}`, owner.idToken);
  return audit.body.items;
}

describe('email verification', () => {
  it('keeps an unverified owner from inviting and exporting until the mailed code is entered', async () => {
    // Prepare
    const owner = await signUpUnverified('Unverified Co');
    const me = await get<{ account: { emailVerified: boolean } }>('/v1/me', owner.idToken);
    const invite = () =>
      post('/v1/invitations', { email: uniqueEmail('dana'), role: 'member' }, owner.idToken);

    // Act
    const refusedInvite = await invite();
    const refusedExport = await post('/v1/exports', undefined, owner.idToken);
    const verified = await post('/v1/auth/verify-email', { email: owner.email, code: owner.code });
    const reused = await post('/v1/auth/verify-email', { email: owner.email, code: owner.code });

    // Assess
    expect(me.body.account.emailVerified).toBe(false);
    expect(refusedInvite.status).toBe(403);
    expect(refusedInvite.body.error.details).toMatchObject({ reason: 'email_not_verified' });
    expect(refusedExport.status).toBe(403);
    expect(verified.status).toBe(204);
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('invalid_code');
    expect((await invite()).status).toBe(201);
    const after = await get<{ account: { emailVerified: boolean } }>('/v1/me', owner.idToken);
    expect(after.body.account.emailVerified).toBe(true);
    expect(await actions(owner, 'auth.email_verified')).toHaveLength(1);
  });

  it('answers wrong, foreign and voided codes alike, and voids a code after 5 wrong tries', async () => {
    // Prepare
    const owner = await signUpUnverified('Guessing Co');
    const other = await signUpUnverified('Other Co');
    const wrong = owner.code === '00000000' ? '00000001' : '00000000';

    // Act
    const foreign = await post('/v1/auth/verify-email', { email: owner.email, code: other.code });
    const guesses = [];
    for (let guess = 0; guess < 4; guess++) {
      guesses.push(await post('/v1/auth/verify-email', { email: owner.email, code: wrong }));
    }
    const unknownEmail = await post('/v1/auth/verify-email', {
      email: uniqueEmail('nobody'),
      code: owner.code,
    });
    const rightAfterFiveWrong = await post('/v1/auth/verify-email', {
      email: owner.email,
      code: owner.code,
    });

    // Assess: five wrong (one of them another user's code), then the right one is refused too
    for (const response of [foreign, ...guesses, unknownEmail, rightAfterFiveWrong]) {
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        error: {
          code: 'invalid_code',
          message: 'The code is wrong, expired or already used',
          details: null,
        },
      });
    }
    expect(JSON.stringify(foreign.body)).not.toContain(other.code);
  });

  it('mails a fresh code on resend, and answers 202 for an unknown email as well', async () => {
    // Prepare
    const owner = await signUpUnverified('Resend Co');

    // Act
    const resent = await post('/v1/auth/verify-email/resend', { email: owner.email });
    const unknown = await post('/v1/auth/verify-email/resend', { email: uniqueEmail('nobody') });
    const fresh = await mailedCode(owner.email, 'Confirm your email address', 2);

    // Assess: the new code works and the old one no longer does
    expect(resent.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(resent.body).toEqual(unknown.body);
    expect(
      (await post('/v1/auth/verify-email', { email: owner.email, code: owner.code })).status,
    ).toBe(fresh === owner.code ? 204 : 400);
    expect((await post('/v1/auth/verify-email', { email: owner.email, code: fresh })).status).toBe(
      fresh === owner.code ? 400 : 204,
    );
  });
});

describe('forgotten password', () => {
  it('answers 202 for known and unknown emails, and the mailed code resets the password and ends every session', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Forgetful Co');
    const phone = await logIn(gateway.baseUrl, owner.email);

    // Act
    const known = await post('/v1/auth/password/forgot', { email: owner.email });
    const unknown = await post('/v1/auth/password/forgot', { email: uniqueEmail('nobody') });
    const code = await mailedCode(owner.email, 'Reset your password');
    const weak = await post('/v1/auth/password/reset', {
      email: owner.email,
      code,
      newPassword: 'short',
    });
    const reset = await post('/v1/auth/password/reset', { email: owner.email, code, newPassword });
    const reused = await post('/v1/auth/password/reset', { email: owner.email, code, newPassword });

    // Assess
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('validation_failed');
    expect(JSON.stringify(weak.body.error.details)).toContain('newPassword');
    expect(reset.status).toBe(204);
    expect(reused.body.error.code).toBe('invalid_code');
    expect((await get('/v1/me', owner.idToken)).status).toBe(401);
    expect((await get('/v1/me', phone.idToken)).status).toBe(401);
    const refreshed = await post('/v1/auth/refresh', { refreshToken: phone.refreshToken });
    expect(refreshed.status).toBe(401);
    const oldPassword = await post('/v1/auth/login', {
      email: owner.email,
      password: validPassword,
    });
    expect(oldPassword.status).toBe(401);
    const login = await post<TokensBody>('/v1/auth/login', {
      email: owner.email,
      password: newPassword,
    });
    expect(login.status).toBe(200);
    expect(await actions(login.body, 'auth.password_reset')).toHaveLength(1);
  });
});

describe('change of password', () => {
  it('refuses a wrong current password with 401, and otherwise signs the caller in again and ends other sessions', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Changing Co');
    const phone = await logIn(gateway.baseUrl, owner.email);

    // Act
    const wrong = await post(
      '/v1/auth/password',
      { currentPassword: `${validPassword}x`, newPassword },
      owner.idToken,
    );
    const weak = await post(
      '/v1/auth/password',
      { currentPassword: validPassword, newPassword: 'alllowercaseletters' },
      owner.idToken,
    );
    const changed = await post<TokensBody>(
      '/v1/auth/password',
      { currentPassword: validPassword, newPassword },
      owner.idToken,
    );

    // Assess
    expect(wrong.status).toBe(401);
    expect(weak.status).toBe(400);
    expect(changed.status).toBe(200);
    expect((await get('/v1/me', changed.body.idToken)).status).toBe(200);
    expect((await get('/v1/me', phone.idToken)).status).toBe(401);
    const refreshed = await post('/v1/auth/refresh', { refreshToken: phone.refreshToken });
    expect(refreshed.status).toBe(401);
    expect(await actions(changed.body, 'auth.password_changed')).toHaveLength(1);
  });
});

describe('MFA with an authenticator app', () => {
  async function enrol(member: { idToken: string }): Promise<string> {
    const started = await post<{ secret: string; otpauthUri: string }>(
      '/v1/auth/mfa/totp',
      { password: validPassword },
      member.idToken,
    );
    expect(started.status).toBe(200);
    return started.body.secret;
  }

  it('enrols with a first code, then signs in with a challenge and a code that cannot be replayed', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Two Factor Co');
    const secret = await enrol(owner);
    const now = Date.now();

    // Act: confirm with the current code; sign in with the next one (Cognito accepts a step either side)
    const confirmed = await post(
      '/v1/auth/mfa/totp/confirm',
      { password: validPassword, code: totp(secret, now) },
      owner.idToken,
    );
    const challenged = await post<Challenge>('/v1/auth/login', {
      email: owner.email,
      password: validPassword,
    });
    const replayedConfirm = await post<TokensBody>('/v1/auth/login/mfa', {
      session: challenged.body.session,
      code: totp(secret, now),
    });
    const signedIn = await post<TokensBody>('/v1/auth/login/mfa', {
      session: challenged.body.session,
      code: totp(secret, now, 1),
    });
    const again = await post<Challenge>('/v1/auth/login', {
      email: owner.email,
      password: validPassword,
    });
    const replayed = await post('/v1/auth/login/mfa', {
      session: again.body.session,
      code: totp(secret, now, 1),
    });

    // Assess
    expect(confirmed.status).toBe(204);
    expect((await get('/v1/me', owner.idToken)).status).toBe(401);
    expect(challenged.status).toBe(200);
    expect(challenged.body).toMatchObject({ challenge: 'SOFTWARE_TOKEN_MFA' });
    expect(Object.keys(challenged.body)).not.toContain('idToken');
    expect(replayedConfirm.body).toMatchObject({ error: { code: 'invalid_code' } });
    expect(signedIn.status).toBe(200);
    const me = await get<{ account: { mfaEnabled: boolean } }>('/v1/me', signedIn.body.idToken);
    expect(me.body.account.mfaEnabled).toBe(true);
    const refreshed = await post('/v1/auth/refresh', { refreshToken: signedIn.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(replayed.status).toBe(400);
    expect(replayed.body).toMatchObject({ error: { code: 'invalid_code' } });
    expect(await actions(signedIn.body, 'mfa.enabled')).toHaveLength(1);
  });

  it('removes the authenticator with the password and a current code', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Removing Co');
    const secret = await enrol(owner);
    const now = Date.now();
    await post(
      '/v1/auth/mfa/totp/confirm',
      { password: validPassword, code: totp(secret, now) },
      owner.idToken,
    );
    const challenged = await post<Challenge>('/v1/auth/login', {
      email: owner.email,
      password: validPassword,
    });
    const signedIn = await post<TokensBody>('/v1/auth/login/mfa', {
      session: challenged.body.session,
      code: totp(secret, now, 1),
    });

    // Act
    const wrongCode = await request(gateway.baseUrl, 'DELETE', '/v1/auth/mfa/totp', {
      token: signedIn.body.idToken,
      body: { password: validPassword, code: totp(secret, now, 5) },
    });
    const removed = await request(gateway.baseUrl, 'DELETE', '/v1/auth/mfa/totp', {
      token: signedIn.body.idToken,
      body: { password: validPassword, code: totp(secret, now, -1) },
    });
    const login = await post<TokensBody>('/v1/auth/login', {
      email: owner.email,
      password: validPassword,
    });

    // Assess
    expect(wrongCode.status).toBe(400);
    expect(removed.status).toBe(204);
    expect(login.status).toBe(200);
    expect(login.body.idToken).toBeDefined();
  });

  it('makes members without an authenticator enrol first when the tenant requires MFA', async () => {
    // Prepare: an owner with MFA (one without may not require it) and a member without
    const owner = await signUpAndLogin(gateway.baseUrl, 'Strict Co');
    const member = await addMember(gateway.baseUrl, owner, 'member');
    const require = (token: string, etag: string) =>
      request<{ requireMfa: boolean }>(gateway.baseUrl, 'PATCH', '/v1/tenant', {
        token,
        headers: { 'if-match': etag },
        body: { requireMfa: true },
      });
    const etag = (await get('/v1/tenant', owner.idToken)).headers.get('etag') ?? '';
    const withoutMfa = await require(owner.idToken, etag);
    const ownerSecret = await enrol(owner);
    const now = Date.now();
    await post(
      '/v1/auth/mfa/totp/confirm',
      { password: validPassword, code: totp(ownerSecret, now) },
      owner.idToken,
    );
    const challenge = await post<Challenge>('/v1/auth/login', {
      email: owner.email,
      password: validPassword,
    });
    const ownerTokens = await post<TokensBody>('/v1/auth/login/mfa', {
      session: challenge.body.session,
      code: totp(ownerSecret, now, 1),
    });

    // Act
    const required = await require(ownerTokens.body.idToken, etag);
    const fresh = await logIn(gateway.baseUrl, member.email);
    const projects = await get('/v1/projects', fresh.idToken);
    const secret = await enrol(fresh);
    const confirmed = await post(
      '/v1/auth/mfa/totp/confirm',
      { password: validPassword, code: totp(secret) },
      fresh.idToken,
    );

    // Assess
    expect(withoutMfa.status).toBe(409);
    expect(required.status).toBe(200);
    expect(required.body.requireMfa).toBe(true);
    expect(projects.status).toBe(403);
    expect(projects.body).toMatchObject({ error: { details: { reason: 'mfa_setup_required' } } });
    expect(confirmed.status).toBe(204);
    const audit = await get<{ items: { details: unknown }[] }>(
      '/v1/audit?action=tenant.updated',
      ownerTokens.body.idToken,
    );
    expect(audit.body.items[0]?.details).toMatchObject({ requireMfa: true });
  });
});

describe('change of email', () => {
  const changeEmail = (token: string, newEmail: string, currentPassword = validPassword) =>
    post('/v1/auth/email', { newEmail, currentPassword }, token);
  const confirm = (token: string, code: string) => post('/v1/auth/email/confirm', { code }, token);
  const login = (email: string) =>
    post<TokensBody>('/v1/auth/login', { email, password: validPassword });

  it('moves the sign-in to the new address with the code mailed there, ends every session, and tells the old address', async () => {
    // Prepare: a member (another device signed in too) whom the owner sees in the member list
    const owner = await signUpAndLogin(gateway.baseUrl, 'Moving Co');
    const member = await addMember(gateway.baseUrl, owner, 'member');
    const phone = await logIn(gateway.baseUrl, member.email);
    const newEmail = uniqueEmail('moved');

    // Act
    const wrongPassword = await changeEmail(member.idToken, newEmail, `${validPassword}x`);
    const requested = await changeEmail(member.idToken, newEmail);
    const code = await mailedCode(newEmail, 'Confirm your new email address');
    const confirmed = await confirm(member.idToken, code);

    // Assess: the new address signs in, the old one does not, and no earlier session works
    expect(wrongPassword.status).toBe(401);
    expect(requested.status).toBe(202);
    expect(JSON.stringify(requested.body ?? '')).not.toContain(code);
    expect(confirmed.status).toBe(204);
    expect((await login(member.email)).status).toBe(401);
    const signedIn = await login(newEmail);
    expect(signedIn.status).toBe(200);
    expect((await get('/v1/me', member.idToken)).status).toBe(401);
    expect((await get('/v1/me', phone.idToken)).status).toBe(401);
    expect((await post('/v1/auth/refresh', { refreshToken: phone.refreshToken })).status).toBe(401);
    const me = await get<{ user: { email: string }; account: { emailVerified: boolean } }>(
      '/v1/me',
      signedIn.body.idToken,
    );
    expect(me.body.user.email).toBe(newEmail);
    expect(me.body.account.emailVerified).toBe(true);
    const members = await get<{ items: { email: string }[] }>('/v1/members', owner.idToken);
    const emails = members.body.items.map((item) => item.email);
    expect(emails).toContain(newEmail);
    expect(emails).not.toContain(member.email);
    const reused = await confirm(signedIn.body.idToken, code);
    expect(reused.body).toMatchObject({ error: { code: 'invalid_code' } });
    // The member's only mail: the invitation token was handed over without one.
    const [notice] = await waitForMail(member.email);
    expect(notice?.subject).toBe('Your sign-in email was changed');
    expect(notice?.text).toContain(`${newEmail.slice(0, 1)}***@example.test`);
    expect(notice?.text).not.toContain(newEmail);
    expect(notice?.text).not.toContain(code);
    const requestedEvents = await actions(owner, 'account.email_change_requested');
    const changedEvents = await actions(owner, 'account.email_changed');
    expect(requestedEvents).toHaveLength(1);
    expect(changedEvents).toMatchObject([{ details: { oldEmail: member.email, newEmail } }]);
    expect(JSON.stringify([requestedEvents, changedEvents])).not.toContain(code);
  });

  it('answers 409 and changes nothing when the new address has an account, and invalid_code for a wrong or foreign code', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Collision Co');
    const other = await signUpAndLogin(gateway.baseUrl, 'Other Collision Co');
    const otherTarget = uniqueEmail('elsewhere');
    await changeEmail(other.idToken, otherTarget);
    const foreignCode = await mailedCode(otherTarget, 'Confirm your new email address');

    // Act: the request does not tell whether the address is taken; the confirm does
    const sameAddress = await changeEmail(owner.idToken, owner.email);
    const requested = await changeEmail(owner.idToken, other.email);
    const code = await mailedCode(other.email, 'Confirm your new email address');
    const wrong = await confirm(owner.idToken, code === '00000000' ? '00000001' : '00000000');
    const foreign = await confirm(owner.idToken, foreignCode);
    const taken = await confirm(owner.idToken, code);
    const malformed = await confirm(owner.idToken, '1234');
    const unknownField = await post(
      '/v1/auth/email/confirm',
      { code, email: other.email },
      owner.idToken,
    );

    // Assess
    expect(sameAddress.status).toBe(400);
    expect(sameAddress.body.error.code).toBe('validation_failed');
    expect(requested.status).toBe(202);
    for (const refused of [wrong, foreign]) {
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('invalid_code');
    }
    expect(wrong.body).toEqual(foreign.body);
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('conflict');
    expect(malformed.body.error.code).toBe('validation_failed');
    expect(unknownField.body.error.code).toBe('validation_failed');
    expect((await get('/v1/me', owner.idToken)).status).toBe(200);
    expect((await login(owner.email)).status).toBe(200);
    expect((await login(other.email)).status).toBe(200);
    expect(await actions(owner, 'account.email_changed')).toHaveLength(0);
  });
});
