/** Sign-in and sign-out over HTTP: logins are audited in the user's tenant; a logout ends every session. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { addMember, logIn } from '../support/members.ts';
import { signUpAndLogin, validPassword } from '../support/tenants.ts';

interface AuditPage {
  readonly items: {
    action: string;
    actor: { id: string };
    requestId: string;
    sourceIp: string;
  }[];
}

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.close());

describe('login', () => {
  it("records each login in the user's tenant, with the request id the client saw", async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Login Audit Co');

    // Act
    const login = await request(gateway.baseUrl, 'POST', '/v1/auth/login', {
      body: { email: owner.email, password: validPassword },
    });

    // Assess
    const audit = await request<AuditPage>(gateway.baseUrl, 'GET', '/v1/audit?action=auth.login', {
      token: owner.idToken,
    });
    expect(audit.body.items).toHaveLength(2);
    expect(audit.body.items[0]).toMatchObject({
      actor: { id: owner.userId },
      requestId: login.headers.get('x-request-id'),
      sourceIp: '127.0.0.1',
    });
  });

  it('records nothing for a wrong password, and answers 401', async () => {
    const owner = await signUpAndLogin(gateway.baseUrl, 'Wrong Password Co');

    const login = await request(gateway.baseUrl, 'POST', '/v1/auth/login', {
      body: { email: owner.email, password: `${validPassword}x` },
    });

    expect(login.status).toBe(401);
    const audit = await request<AuditPage>(gateway.baseUrl, 'GET', '/v1/audit?action=auth.login', {
      token: owner.idToken,
    });
    expect(audit.body.items).toHaveLength(1);
  });
});

describe('logout', () => {
  it('revokes the refresh token and refuses every token issued before it, on every device', async () => {
    // Prepare: two sessions of the same user
    const laptop = await signUpAndLogin(gateway.baseUrl, 'Logout Co');
    const phone = await logIn(gateway.baseUrl, laptop.email);
    const me = (token: string) => request(gateway.baseUrl, 'GET', '/v1/me', { token });
    expect((await me(phone.idToken)).status).toBe(200);

    // Act
    const logout = await request(gateway.baseUrl, 'POST', '/v1/auth/logout', {
      token: laptop.idToken,
      body: { refreshToken: laptop.refreshToken },
    });

    // Assess
    expect(logout.status).toBe(204);
    expect((await me(laptop.idToken)).status).toBe(401);
    expect((await me(phone.idToken)).status).toBe(401);
    const refresh = await request(gateway.baseUrl, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: laptop.refreshToken },
    });
    expect(refresh.status).toBe(401);
    const again = await logIn(gateway.baseUrl, laptop.email);
    const audit = await request<AuditPage>(gateway.baseUrl, 'GET', '/v1/audit?action=auth.logout', {
      token: again.idToken,
    });
    expect(audit.body.items[0]).toMatchObject({
      actor: { id: laptop.userId },
      requestId: logout.headers.get('x-request-id'),
    });
  });

  it('lets the user log in again at once: the new token works while the old one gets 401', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Log In Again Co');
    const me = (token: string) => request(gateway.baseUrl, 'GET', '/v1/me', { token });

    // Act: most often in the very second of the logout, which the login waits out
    const logout = await request(gateway.baseUrl, 'POST', '/v1/auth/logout', {
      token: owner.idToken,
      body: { refreshToken: owner.refreshToken },
    });
    const again = await logIn(gateway.baseUrl, owner.email);

    // Assess
    expect(logout.status).toBe(204);
    expect((await me(again.idToken)).status).toBe(200);
    expect((await me(owner.idToken)).status).toBe(401);
    const refreshed = await request(gateway.baseUrl, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: again.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    const audit = await request<AuditPage>(gateway.baseUrl, 'GET', '/v1/audit?action=auth.login', {
      token: again.idToken,
    });
    expect(audit.body.items).toHaveLength(2);
  });

  it.each([
    ['a member of the same tenant', 'same'],
    ['the owner of another tenant', 'other'],
  ])("refuses %s's refresh token with 404 and revokes nothing", async (_case, whose) => {
    // Prepare: a viewer, and a victim whose session must survive
    const owner = await signUpAndLogin(gateway.baseUrl, 'Victim Co');
    const viewer = await addMember(gateway.baseUrl, owner, 'viewer');
    const victim =
      whose === 'same'
        ? await addMember(gateway.baseUrl, owner, 'member')
        : await signUpAndLogin(gateway.baseUrl, 'Victim Two Co');

    // Act
    const logout = await request(gateway.baseUrl, 'POST', '/v1/auth/logout', {
      token: viewer.idToken,
      body: { refreshToken: victim.refreshToken },
    });

    // Assess: the same answer as for a token that is nobody's, and every session still alive
    const forged = await request(gateway.baseUrl, 'POST', '/v1/auth/logout', {
      token: viewer.idToken,
      body: { refreshToken: 'not-a-refresh-token' },
    });
    expect(logout.status).toBe(404);
    expect(logout.body).toEqual(forged.body);
    expect(logout.body).toEqual({
      error: {
        code: 'not_found',
        message: 'No current session of yours has this refresh token',
        details: null,
      },
    });
    const refreshed = await request(gateway.baseUrl, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: victim.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    const me = (token: string) => request(gateway.baseUrl, 'GET', '/v1/me', { token });
    expect((await me(victim.idToken)).status).toBe(200);
    expect((await me(viewer.idToken)).status).toBe(200);
  });

  it('needs the refresh token in the body and a valid bearer token', async () => {
    const owner = await signUpAndLogin(gateway.baseUrl, 'Logout Input Co');

    const noBody = await request(gateway.baseUrl, 'POST', '/v1/auth/logout', {
      token: owner.idToken,
    });
    const noToken = await request(gateway.baseUrl, 'POST', '/v1/auth/logout', {
      body: { refreshToken: owner.refreshToken },
    });

    expect(noBody.status).toBe(400);
    expect(noToken.status).toBe(401);
    expect((await request(gateway.baseUrl, 'GET', '/v1/me', { token: owner.idToken })).status).toBe(
      200,
    );
  });
});
