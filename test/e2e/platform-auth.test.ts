/**
 * The control plane's identity: operators sign in to their own pool with TOTP, and neither plane's
 * token is accepted on the other's routes: an operator token on every tenant route and a tenant
 * owner's token on every operator route get 401 before anything runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#shared/api/routes.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';
import {
  createOperator,
  type OperatorLoginBody,
  type SignedInOperator,
  signedInOperator,
} from '../support/operators.ts';
import { type SignedUpTenant, signUpAndLogin, type TokensBody } from '../support/tenants.ts';
import { totp } from '../support/totp.ts';

let gateway: TestGateway;
let operator: SignedInOperator;
let owner: SignedUpTenant;

beforeAll(async () => {
  gateway = await startTestGateway();
  [operator, owner] = await Promise.all([
    signedInOperator(gateway.baseUrl),
    signUpAndLogin(gateway.baseUrl, 'Plane Co'),
  ]);
});
afterAll(() => gateway.close());

const absentUlid = '01JD3ZP5Q9W8X7V6T5S4R3Q2P1';

function pathOf(route: RouteDefinition): string {
  return route.path.replace(/\{(\w+)\}/g, (_match, name: string) =>
    /user/i.test(name) ? '4c1a7a0e-0000-4000-8000-000000000000' : absentUlid,
  );
}

const byAuth = (auth: RouteDefinition['auth']) =>
  Object.values(routes as Record<string, RouteDefinition>)
    .filter((route) => route.auth === auth)
    .map((route) => ({ route, name: `${route.method} ${route.path}` }));

describe('an operator', () => {
  it('signs in only with a TOTP code once enrolled', async () => {
    // Prepare: a second operator, enrolled; their next sign-in starts with the password.
    const other = await signedInOperator(gateway.baseUrl);

    // Act
    const login = await request<OperatorLoginBody>(
      gateway.baseUrl,
      'POST',
      '/v1/platform/auth/login',
      { body: { email: other.email, password: other.password } },
    );
    if (login.body.challenge !== 'SOFTWARE_TOKEN_MFA') throw new Error('expected the challenge');
    const finished = await request<TokensBody>(
      gateway.baseUrl,
      'POST',
      '/v1/platform/auth/login/mfa',
      {
        body: {
          email: other.email,
          session: login.body.session,
          code: totp(other.secret, Date.now(), 1),
        },
      },
    );

    // Assess
    expect(login.status).toBe(200);
    expect(finished.status).toBe(200);
    const me = await request<{ email: string }>(gateway.baseUrl, 'GET', '/v1/platform/me', {
      token: finished.body.idToken,
    });
    expect(me.body.email).toBe(other.email);
  });

  it('gets no token with a wrong code', async () => {
    const login = await request<OperatorLoginBody>(
      gateway.baseUrl,
      'POST',
      '/v1/platform/auth/login',
      { body: { email: operator.email, password: operator.password } },
    );
    if (login.body.challenge !== 'SOFTWARE_TOKEN_MFA') throw new Error('expected the challenge');

    const finished = await request(gateway.baseUrl, 'POST', '/v1/platform/auth/login/mfa', {
      body: { email: operator.email, session: login.body.session, code: '000000' },
    });

    expect([400, 401]).toContain(finished.status);
  });

  it('is refused on operator routes before enrolling an authenticator', async () => {
    // Prepare: an operator whose first sign-in answered the enrolment, never finished.
    const created = await createOperator(gateway.baseUrl);
    const login = await request<OperatorLoginBody>(
      gateway.baseUrl,
      'POST',
      '/v1/platform/auth/login',
      { body: { email: created.email, password: created.password } },
    );

    // Assess: the password alone earns a secret to enrol, never a token.
    expect(login.body.challenge).toBe('MFA_SETUP');
    expect(JSON.stringify(login.body)).not.toContain('idToken');
  });

  it('cannot be created twice with one email', async () => {
    const response = await fetch(
      `${gateway.baseUrl}/_local/operators?email=${encodeURIComponent(operator.email)}`,
      { method: 'POST' },
    );

    expect(response.status).toBe(409);
  });
});

describe('an operator token', () => {
  it.each(byAuth('tenant'))('is refused on $name', async ({ route }) => {
    const response = await request(gateway.baseUrl, route.method, pathOf(route), {
      token: operator.idToken,
      ...(route.method !== 'GET' && route.method !== 'DELETE' && { body: {} }),
    });

    expect(response.status).toBe(401);
  });
});

describe("a tenant owner's token", () => {
  it.each(byAuth('operator'))('is refused on $name', async ({ route }) => {
    const response = await request(gateway.baseUrl, route.method, pathOf(route), {
      token: owner.idToken,
      ...(route.method !== 'GET' && route.method !== 'DELETE' && { body: {} }),
    });

    expect(response.status).toBe(401);
  });

  it('is refused on an operator route even after a tenant route cached it', async () => {
    // Prepare: the tenant authorizer's answer for this token is in the gateway's cache.
    const cachingGateway = await startTestGateway(60);
    try {
      const tenantCall = await request(cachingGateway.baseUrl, 'GET', '/v1/me', {
        token: owner.idToken,
      });

      // Act
      const operatorCall = await request(cachingGateway.baseUrl, 'GET', '/v1/platform/me', {
        token: owner.idToken,
      });

      // Assess
      expect(tenantCall.status).toBe(200);
      expect(operatorCall.status).toBe(401);
    } finally {
      await cachingGateway.close();
    }
  });
});
