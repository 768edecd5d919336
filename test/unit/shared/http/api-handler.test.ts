/** The API middleware stack: role check, validation, and the one mapping of errors to HTTP. */
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { lambdaContext } from '#dev/lambda-context.ts';
import { ConflictError, RateLimitedError } from '#shared/errors.ts';
import { apiHandler, found, noContent, ok } from '#shared/http/api-handler.ts';
import { authorizedEvent, proxyEvent } from '../../../support/events.ts';
import {
  adminRoute,
  numberRoute,
  publicRoute,
  rawBodyRoute,
  redirectRoute,
} from '../../../support/routes.ts';

const tenantId = '01JTESTTENANT0000000000000';
const context: Context = lambdaContext('unit');

function parse(result: APIGatewayProxyResult): {
  code?: string;
  details?: unknown;
  message?: string;
} {
  return (JSON.parse(result.body) as { error?: { code: string } }).error ?? {};
}

describe('apiHandler on a tenant route', () => {
  const handler = apiHandler(adminRoute, {
    handle: async ({ ctx, body }) =>
      ok({ tenantId: ctx.tenantId, role: ctx.role, name: body.name }),
  });
  const event = (role: string, body = '{"name":"x"}') =>
    authorizedEvent(
      { tenantId, userId: 'u1', role, plan: 'free', mfaSetupRequired: 'false' },
      { body },
    );

  it('passes the verified context and the parsed body to the handler', async () => {
    const result = await handler(event('owner'), context);

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ tenantId, role: 'owner', name: 'x' });
    expect(result.headers?.['x-request-id']).toBe('req-unit-1');
  });

  it.each(['member', 'viewer'])('refuses the %s role with 403', async (role) => {
    const result = await handler(event(role), context);

    expect(result.statusCode).toBe(403);
    expect(parse(result).code).toBe('forbidden');
  });

  it('lets a member who must still enrol MFA reach only the routes marked for enrolment', async () => {
    // Prepare
    const mustEnrol = authorizedEvent(
      { tenantId, userId: 'u1', role: 'owner', plan: 'free', mfaSetupRequired: 'true' },
      { body: '{"name":"x"}' },
    );
    const enrolment = apiHandler(
      { ...adminRoute, duringMfaSetup: true },
      {
        handle: async ({ ctx, body }) =>
          ok({ tenantId: ctx.tenantId, role: ctx.role, name: body.name }),
      },
    );

    // Act
    const elsewhere = await handler(mustEnrol, context);
    const enrolling = await enrolment(mustEnrol, context);

    // Assess
    expect(elsewhere.statusCode).toBe(403);
    expect(parse(elsewhere)).toMatchObject({
      code: 'forbidden',
      details: { reason: 'mfa_setup_required' },
    });
    expect(enrolling.statusCode).toBe(200);
  });

  it('answers 401 when the authorizer context is missing or malformed', async () => {
    const missing = await handler(proxyEvent({ body: '{"name":"x"}' }), context);
    const malformed = await handler(
      authorizedEvent({ tenantId: 'T#other', userId: 'u1', role: 'owner', plan: 'free' }),
      context,
    );

    expect(missing.statusCode).toBe(401);
    expect(malformed.statusCode).toBe(401);
  });

  it('answers 400 with the failing field for a schema violation', async () => {
    const result = await handler(event('admin', '{"name":"too long"}'), context);

    expect(result.statusCode).toBe(400);
    expect(parse(result).details).toEqual([
      expect.objectContaining({ location: 'body', path: 'name' }),
    ]);
  });

  it('words each violation in English, as classic zod did (zod/mini has no messages of its own)', async () => {
    const result = await handler(event('admin', '{"name":"too long","extra":1}'), context);

    expect(parse(result).details).toEqual([
      {
        location: 'body',
        path: 'name',
        code: 'too_big',
        message: 'Too big: expected string to have <=5 characters',
      },
      {
        location: 'body',
        path: '',
        code: 'unrecognized_keys',
        message: 'Unrecognized key: "extra"',
      },
    ]);
  });
});

describe('apiHandler error mapping', () => {
  const failing = (error: unknown) =>
    apiHandler(publicRoute, {
      handle: async () => {
        throw error;
      },
    });

  it('maps a domain error to its status and code', async () => {
    const result = await failing(new ConflictError('Already there', { field: 'email' }))(
      proxyEvent(),
      context,
    );

    expect(result.statusCode).toBe(409);
    expect(JSON.parse(result.body)).toEqual({
      error: { code: 'conflict', message: 'Already there', details: { field: 'email' } },
    });
  });

  it('sends Retry-After with a 429', async () => {
    const result = await failing(new RateLimitedError('Slow down', 7))(proxyEvent(), context);

    expect(result.statusCode).toBe(429);
    expect(result.headers?.['retry-after']).toBe('7');
  });

  it('never shows the internals of an unexpected error', async () => {
    const result = await failing(new Error('connect ECONNREFUSED 10.0.0.1:8000 secret-table'))(
      proxyEvent(),
      context,
    );

    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body)).toEqual({
      error: { code: 'internal', message: 'Internal server error', details: null },
    });
    expect(result.headers?.['x-request-id']).toBe('req-unit-1');
  });

  it('refuses a body on a route that takes none', async () => {
    const handler = apiHandler(publicRoute, { handle: async () => ok({}) });

    const result = await handler(proxyEvent({ body: '{"a":1}' }), context);

    expect(result.statusCode).toBe(400);
  });

  it('decodes a base64 body before its size check and parse', async () => {
    const handler = apiHandler(numberRoute, { handle: async ({ body }) => ok(body) });
    const encoded = Buffer.from('{"a":1}').toString('base64');

    const result = await handler(proxyEvent({ body: encoded, isBase64Encoded: true }), context);

    expect(JSON.parse(result.body)).toEqual({ a: 1 });
  });

  it('answers a redirect with its Location, its body and no caching', async () => {
    const url = 'https://bucket.example/file?X-Amz-Signature=abc';
    const handler = apiHandler(redirectRoute, { handle: async () => found(url, { url }) });

    const result = await handler(proxyEvent(), context);

    expect(result.statusCode).toBe(302);
    expect(result.headers).toMatchObject({ location: url, 'cache-control': 'no-store' });
    expect(JSON.parse(result.body)).toEqual({ url });
  });

  it('hands a raw-body route its exact body, base64 decoded, without parsing it', async () => {
    const seen: (string | undefined)[] = [];
    const handler = apiHandler(rawBodyRoute, {
      handle: async ({ rawBody }) => {
        seen.push(rawBody);
        return noContent();
      },
    });
    const text = '{"id": "evt_1",\n  "type":"x"} ';

    const plain = await handler(proxyEvent({ body: text }), context);
    const encoded = await handler(
      proxyEvent({ body: Buffer.from(text).toString('base64'), isBase64Encoded: true }),
      context,
    );

    expect([plain.statusCode, encoded.statusCode]).toEqual([204, 204]);
    expect(seen).toEqual([text, text]);
  });
});

describe('apiHandler request', () => {
  it('hands a tenant route its ready caller: context and request metadata', async () => {
    let received: unknown;
    const handler = apiHandler(adminRoute, {
      handle: async ({ caller, body }) => {
        received = caller;
        return ok({ tenantId: caller.ctx.tenantId, role: caller.ctx.role, name: body.name });
      },
    });

    await handler(
      authorizedEvent(
        { tenantId, userId: 'u1', role: 'owner', plan: 'free' },
        { body: '{"name":"x"}' },
      ),
      context,
    );

    expect(received).toEqual({
      ctx: expect.objectContaining({ tenantId, userId: 'u1', role: 'owner' }),
      meta: { requestId: 'req-unit-1', sourceIp: expect.any(String) },
    });
  });

  it('names the URL the client reached, stage prefix included', async () => {
    let baseUrl = '';
    const handler = apiHandler(publicRoute, {
      handle: async (request) => {
        baseUrl = request.baseUrl;
        return ok({});
      },
    });
    const event = proxyEvent({
      path: '/v1/things',
      headers: { Host: 'abc.execute-api.eu-west-1.amazonaws.com', 'X-Forwarded-Proto': 'https' },
    });

    await handler(
      { ...event, requestContext: { ...event.requestContext, path: '/prod/v1/things' } },
      context,
    );

    expect(baseUrl).toBe('https://abc.execute-api.eu-west-1.amazonaws.com/prod');
  });
});

describe('apiHandler answers', () => {
  it('fail loudly (500) when a handler answers other than its route declares, in tests and npm start', async () => {
    const url = 'https://bucket.example/file';
    const wrongStatus = apiHandler(redirectRoute, { handle: async () => ok({ url }) });
    // Deliberately past the types, as a handler with a bug in a cast would be.
    const wrongBody = apiHandler(redirectRoute, {
      handle: async () => found(url, { url: 42 } as unknown as { url: string }),
    });

    const results = [
      await wrongStatus(proxyEvent(), context),
      await wrongBody(proxyEvent(), context),
    ];

    expect(results.map((result) => result.statusCode)).toEqual([500, 500]);
    expect(results.map((result) => parse(result).code)).toEqual(['internal', 'internal']);
  });
});
