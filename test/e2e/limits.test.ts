/**
 * Plans enforced over HTTP against the local gateway, at the real plan numbers (LIMITS_SCALE=1 in
 * this file only): a free tenant flooding for 5 s gets its rate and burst, another tenant is not
 * slowed, and the public routes hold per source IP and per sign-in email.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rolloutBucket } from '#shared/features/resolve.ts';
import { requestFrom } from '../support/from-address.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { uniqueEmail, validPassword } from '../support/tenants.ts';
import { totp } from '../support/totp.ts';

// Before the first request, which reads the limiter's configuration once.
process.env.LIMITS_SCALE = '1';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.close());

/** Signs a free tenant up and in from `address`; returns its ID token. */
async function freeTenant(address: string): Promise<string> {
  const email = uniqueEmail();
  const signUp = await requestFrom(address, gateway.baseUrl, 'POST', '/v1/tenants', {
    body: { tenantName: 'Limits', email, password: validPassword },
  });
  expect(signUp.status).toBe(201);
  const login = await requestFrom(address, gateway.baseUrl, 'POST', '/v1/auth/login', {
    body: { email, password: validPassword },
  });
  expect(login.status).toBe(200);
  return String(login.body.idToken);
}

describe('a free tenant (5 requests/s, burst 10)', () => {
  it('gets at most 5 × 5 + 10 answers in 5 s of flooding, at least 5 × 5, and never slows another tenant', async () => {
    const noisy = await freeTenant('127.0.0.21');
    const quiet = await freeTenant('127.0.0.22');
    const statuses: number[] = [];
    const quietStatuses: number[] = [];
    let refused: Awaited<ReturnType<typeof requestFrom>> | undefined;
    const started = Date.now();
    const flood = async (): Promise<void> => {
      while (Date.now() - started < 5000) {
        const response = await requestFrom('127.0.0.21', gateway.baseUrl, 'GET', '/v1/me', {
          token: noisy,
        });
        statuses.push(response.status);
        if (response.status === 429) refused ??= response;
      }
    };
    const trickle = async (): Promise<void> => {
      for (let index = 0; index < 8; index += 1) {
        const response = await requestFrom('127.0.0.22', gateway.baseUrl, 'GET', '/v1/me', {
          token: quiet,
        });
        quietStatuses.push(response.status);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    };

    await Promise.all([...Array.from({ length: 12 }, flood), trickle()]);
    // Requests sent before 5 s may be decided a little later: the bound grows with the real span.
    const elapsedSeconds = Math.max(5, (Date.now() - started) / 1000);

    const successes = statuses.filter((status) => status === 200).length;
    expect(successes).toBeLessThanOrEqual(10 + 5 * elapsedSeconds);
    if (statuses.length > 5 * 5 + 10) {
      expect(successes).toBeGreaterThanOrEqual(5 * 5);
      expect(refused?.body.error?.code).toBe('rate_limited');
      expect(Number(refused?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(refused?.headers['ratelimit-policy']).toContain('"burst";q=10;w=2');
    }
    expect(statuses.every((status) => status === 200 || status === 429)).toBe(true);
    expect(quietStatuses).toEqual(Array(8).fill(200));
  });

  it('carries the RateLimit fields on every 2xx', async () => {
    const token = await freeTenant('127.0.0.23');

    const response = await requestFrom('127.0.0.23', gateway.baseUrl, 'GET', '/v1/me', { token });

    expect(response.status).toBe(200);
    expect(response.headers.ratelimit).toMatch(/^"burst";r=\d+;t=\d+, "month";r=\d+;t=\d+$/);
    expect(response.headers['ratelimit-policy']).toMatch(/"month";q=100000;w=\d+/);
  });

  it("lists the tenant's enabled features on /v1/me: the rollout of the local flags file", async () => {
    const token = await freeTenant('127.0.0.24');

    const response = await requestFrom('127.0.0.24', gateway.baseUrl, 'GET', '/v1/me', { token });
    const tenantId = (response.body.tenant as { id: string }).id;

    // shared/features/feature-flags.json rolls usageInsights out to 25 % of tenants; the plan grants none.
    expect(response.body.features).toEqual(
      rolloutBucket(tenantId, 'usageInsights') < 25 ? ['usageInsights'] : [],
    );
  });
});

describe('the public routes', () => {
  it('limit refreshes per source IP, whatever X-Forwarded-For says', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 22; index += 1) {
      const response = await requestFrom(
        '127.0.0.31',
        gateway.baseUrl,
        'POST',
        '/v1/auth/refresh',
        {
          body: { refreshToken: 'not-a-token' },
          headers: { 'x-forwarded-for': `203.0.113.${index}` },
        },
      );
      statuses.push(response.status);
    }

    expect(statuses.slice(0, 20).every((status) => status !== 429)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });

  it('refuse a sixth failed sign-in of one email from one address, the same for an unknown email', async () => {
    const email = uniqueEmail();
    await requestFrom('127.0.0.41', gateway.baseUrl, 'POST', '/v1/tenants', {
      body: { tenantName: 'Guessed', email, password: validPassword },
    });
    const attempt = (address: string, target: string) =>
      requestFrom(address, gateway.baseUrl, 'POST', '/v1/auth/login', {
        body: { email: target, password: 'Wrong-Password-1' },
      });
    const unknown = uniqueEmail('nobody');
    const known: number[] = [];
    const missing: number[] = [];
    for (let index = 0; index < 6; index += 1) {
      known.push((await attempt('127.0.0.41', email)).status);
      missing.push((await attempt('127.0.0.41', unknown)).status);
    }

    const fromElsewhere = await attempt('127.0.0.42', email);
    const rightPasswordElsewhere = await requestFrom(
      '127.0.0.42',
      gateway.baseUrl,
      'POST',
      '/v1/auth/login',
      {
        body: { email, password: validPassword },
      },
    );

    expect(known).toEqual([401, 401, 401, 401, 401, 429]);
    expect(missing).toEqual(known);
    expect(fromElsewhere.status).toBe(401);
    expect(rightPasswordElsewhere.status).toBe(200);
  });
});

describe('the sign-in failure budget', () => {
  it('counts a wrong current password on password change, email change and MFA removal like a failed login, each once', async () => {
    // Prepare: an owner with an authenticator (its removal asks for the password), signed in
    // from one address; the wrong guesses come from another
    const setup = '127.0.0.51';
    const guesser = '127.0.0.52';
    const email = uniqueEmail();
    await requestFrom(setup, gateway.baseUrl, 'POST', '/v1/tenants', {
      body: { tenantName: 'Guessed Again', email, password: validPassword },
    });
    const first = await requestFrom(setup, gateway.baseUrl, 'POST', '/v1/auth/login', {
      body: { email, password: validPassword },
    });
    const enrolment = await requestFrom(setup, gateway.baseUrl, 'POST', '/v1/auth/mfa/totp', {
      token: String(first.body.idToken),
      body: { password: validPassword },
    });
    const secret = String(enrolment.body.secret);
    const now = Date.now();
    await requestFrom(setup, gateway.baseUrl, 'POST', '/v1/auth/mfa/totp/confirm', {
      token: String(first.body.idToken),
      body: { password: validPassword, code: totp(secret, now) },
    });
    const challenge = await requestFrom(setup, gateway.baseUrl, 'POST', '/v1/auth/login', {
      body: { email, password: validPassword },
    });
    const signedIn = await requestFrom(setup, gateway.baseUrl, 'POST', '/v1/auth/login/mfa', {
      body: { session: challenge.body.session, code: totp(secret, now, 1) },
    });
    const token = String(signedIn.body.idToken);
    const wrong = 'Wrong-Password-1';
    const guess = (method: string, path: string, body: unknown, withToken = true) =>
      requestFrom(guesser, gateway.baseUrl, method, path, {
        body,
        ...(withToken && { token }),
      });

    // Act: five wrong passwords on four routes, then the right one
    const statuses = [
      (await guess('POST', '/v1/auth/login', { email, password: wrong }, false)).status,
      (await guess('POST', '/v1/auth/login', { email, password: wrong }, false)).status,
      (await guess('POST', '/v1/auth/password', { currentPassword: wrong, newPassword: wrong }))
        .status,
      (await guess('POST', '/v1/auth/email', { newEmail: uniqueEmail(), currentPassword: wrong }))
        .status,
      (await guess('DELETE', '/v1/auth/mfa/totp', { password: wrong, code: '123456' })).status,
    ];
    const spent = await guess('POST', '/v1/auth/login', { email, password: validPassword }, false);
    const changeRefused = await guess('POST', '/v1/auth/password', {
      currentPassword: validPassword,
      newPassword: 'Another-Horse-7-Staple',
    });
    const fromElsewhere = await requestFrom(setup, gateway.baseUrl, 'POST', '/v1/auth/login', {
      body: { email, password: validPassword },
    });

    // Assess
    expect(signedIn.status).toBe(200);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(spent.status).toBe(429);
    expect(spent.body.error?.code).toBe('rate_limited');
    expect(Number(spent.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(changeRefused.status).toBe(429);
    expect(fromElsewhere.status).toBe(200);
  });
});
