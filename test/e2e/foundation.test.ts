/** The README's walk-through over HTTP against the local gateway: sign up, log in, refresh, call /v1/me. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';
import {
  type SignUpBody,
  signUpAndLogin,
  type TokensBody,
  uniqueEmail,
  validPassword,
} from '../support/tenants.ts';

interface MeBody {
  readonly user: { id: string; email: string; role: string };
  readonly tenant: { id: string; name: string; plan: string; status: string };
  readonly role: string;
  readonly plan: string;
}

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.close());

describe('sign-up', () => {
  it('creates a free tenant with its owner and answers 201', async () => {
    const email = uniqueEmail();

    const response = await request<SignUpBody>(gateway.baseUrl, 'POST', '/v1/tenants', {
      body: { tenantName: '  Acme Corp ', email: email.toUpperCase(), password: validPassword },
    });

    expect(response.status).toBe(201);
    expect(response.body.tenant).toMatchObject({
      name: 'Acme Corp',
      plan: 'free',
      status: 'active',
    });
    expect(response.body.tenant.id).toMatch(/^[0-9A-Z]{26}$/);
    expect(response.body.user).toMatchObject({ email, role: 'owner', status: 'active' });
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('refuses a second sign-up with the same email, in any case, with 409', async () => {
    const email = uniqueEmail();
    await request(gateway.baseUrl, 'POST', '/v1/tenants', {
      body: { tenantName: 'First', email, password: validPassword },
    });

    const second = await request(gateway.baseUrl, 'POST', '/v1/tenants', {
      body: { tenantName: 'Second', email: email.toUpperCase(), password: validPassword },
    });

    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('conflict');
  });

  it('lets exactly one of several concurrent sign-ups with one email win', async () => {
    const email = uniqueEmail();

    const responses = await Promise.all(
      ['A', 'B', 'C', 'D'].map((tenantName) =>
        request(gateway.baseUrl, 'POST', '/v1/tenants', {
          body: { tenantName, email, password: validPassword },
        }),
      ),
    );

    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409]);
  });

  it.each([
    [
      'a weak password',
      { tenantName: 'A', email: uniqueEmail(), password: 'password' },
      'password',
    ],
    [
      'an invalid email',
      { tenantName: 'A', email: 'not-an-email', password: validPassword },
      'email',
    ],
    [
      'an empty tenant name',
      { tenantName: '   ', email: uniqueEmail(), password: validPassword },
      'tenantName',
    ],
    [
      'a tenant name too long',
      { tenantName: 'x'.repeat(101), email: uniqueEmail(), password: validPassword },
      'tenantName',
    ],
    [
      'a number for a string',
      { tenantName: 42, email: uniqueEmail(), password: validPassword },
      'tenantName',
    ],
    [
      'a field the API does not know',
      { tenantName: 'A', email: uniqueEmail(), password: validPassword, plan: 'enterprise' },
      '',
    ],
  ])('answers 400 with details for %s', async (_case, body, path) => {
    const response = await request<{ error: { code: string; details: { path: string }[] } }>(
      gateway.baseUrl,
      'POST',
      '/v1/tenants',
      { body },
    );

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.map((detail) => detail.path)).toContain(path);
  });

  it.each([
    ['invalid JSON', '{"tenantName": '],
    ['a JSON array', '[]'],
    ['an empty body', ''],
    ['a body over 32 KiB', JSON.stringify({ tenantName: 'x'.repeat(40_000) })],
  ])('answers 400 for %s', async (_case, rawBody) => {
    const response = await request(gateway.baseUrl, 'POST', '/v1/tenants', {
      rawBody,
      headers: { 'content-type': 'application/json' },
    });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
  });
});

describe('login, refresh and /v1/me', () => {
  it('walks through sign-up, login, /v1/me and refresh', async () => {
    const tenant = await signUpAndLogin(gateway.baseUrl, 'Walkthrough Ltd');

    const me = await request<MeBody>(gateway.baseUrl, 'GET', '/v1/me', { token: tenant.idToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user: { id: tenant.userId, email: tenant.email, role: 'owner' },
      tenant: { id: tenant.tenantId, name: 'Walkthrough Ltd', plan: 'free', status: 'active' },
      role: 'owner',
      plan: 'free',
    });

    const refreshed = await request<TokensBody>(gateway.baseUrl, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: tenant.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.tokenType).toBe('Bearer');
    const meAgain = await request<MeBody>(gateway.baseUrl, 'GET', '/v1/me', {
      token: refreshed.body.idToken,
    });
    expect(meAgain.body.tenant.id).toBe(tenant.tenantId);
  });

  it('answers 401 for a wrong password and for an unknown email, alike', async () => {
    const tenant = await signUpAndLogin(gateway.baseUrl);

    const wrongPassword = await request(gateway.baseUrl, 'POST', '/v1/auth/login', {
      body: { email: tenant.email, password: 'Wrong-Horse-9-Battery' },
    });
    const unknownEmail = await request(gateway.baseUrl, 'POST', '/v1/auth/login', {
      body: { email: uniqueEmail(), password: validPassword },
    });

    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknownEmail.body);
  });

  it('answers 401 for a refresh token that is not one', async () => {
    const response = await request(gateway.baseUrl, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: 'not-a-refresh-token' },
    });

    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthorized');
  });
});

describe('the gateway', () => {
  it('answers /health without credentials', async () => {
    const response = await request<{ status: string }>(gateway.baseUrl, 'GET', '/health');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers an unknown route with a 404 in the error shape', async () => {
    const response = await request(gateway.baseUrl, 'GET', '/v1/does-not-exist');

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });

  it('refuses unknown query parameters with 400', async () => {
    const response = await request(gateway.baseUrl, 'GET', '/health?verbose=1');

    expect(response.status).toBe(400);
  });
});
