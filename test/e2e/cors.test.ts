/**
 * CORS as a browser meets it, on the local gateway with the origins a stage would allow: preflights,
 * handlers' answers and the gateway's own errors all carry the origin for an allowed page and
 * nothing for any other, exactly as lib/api/api.ts configures API Gateway.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corsAllowedHeaders } from '#shared/http/cors.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { type SignedUpTenant, signUpAndLogin } from '../support/tenants.ts';

const app = 'https://app.acme.test';
const stranger = 'https://evil.example';
// Before any handler reads its configuration (once per cold start, here once per test file).
process.env.CORS_ALLOWED_ORIGINS = `${app},https://admin.acme.test`;

let gateway: TestGateway;
let tenant: SignedUpTenant;
beforeAll(async () => {
  gateway = await startTestGateway();
  tenant = await signUpAndLogin(gateway.baseUrl, 'Cors Co');
});
afterAll(() => gateway.close());

const send = (path: string, init: RequestInit & { headers: Record<string, string> }) =>
  fetch(`${gateway.baseUrl}${path}`, init);

describe('CORS preflight', () => {
  it('tells a page on an allowed origin which methods and headers it may send', async () => {
    // Act
    const response = await send('/v1/projects', {
      method: 'OPTIONS',
      headers: { origin: app, 'access-control-request-method': 'POST' },
    });

    // Assess
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(app);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toBe(corsAllowedHeaders.join(','));
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('allows nothing to a page on another origin', async () => {
    // Act
    const response = await send('/v1/projects', {
      method: 'OPTIONS',
      headers: { origin: stranger, 'access-control-request-method': 'POST' },
    });

    // Assess
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('answers 404 for a path no route has', async () => {
    // Act
    const response = await send('/v1/nothing-here', {
      method: 'OPTIONS',
      headers: { origin: app },
    });

    // Assess
    expect(response.status).toBe(404);
  });
});

describe('CORS on answers', () => {
  it("lets an allowed page read a handler's answer and its ETag and request id", async () => {
    // Act
    const response = await send('/v1/me', {
      method: 'GET',
      headers: { origin: app, authorization: `Bearer ${tenant.idToken}` },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(app);
    expect(response.headers.get('access-control-expose-headers')).toContain('x-request-id');
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it("lets an allowed page read the gateway's own 401, so it can send its user to sign in", async () => {
    // Act
    const response = await send('/v1/me', { method: 'GET', headers: { origin: app } });

    // Assess
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe(app);
  });

  it('gives a page on another origin nothing to read, answered or refused', async () => {
    // Act
    const answered = await send('/v1/me', {
      method: 'GET',
      headers: { origin: stranger, authorization: `Bearer ${tenant.idToken}` },
    });
    const refused = await send('/v1/me', { method: 'GET', headers: { origin: stranger } });

    // Assess
    expect(answered.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(answered.headers.get('vary')).toBe('Origin');
  });
});
