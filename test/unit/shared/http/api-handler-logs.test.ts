/** The log lines of the API middleware stack, as Powertools writes them at the INFO level. */
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '#dev/lambda-context.ts';
import type { ConflictError as Conflict } from '#shared/errors.ts';
import type { apiHandler as ApiHandler, ok as Ok } from '#shared/http/api-handler.ts';
import { authorizedEvent, proxyEvent } from '../../../support/events.ts';
import { adminRoute, publicRoute } from '../../../support/routes.ts';

const tenantId = '01JTESTTENANT0000000000000';
const caller = { tenantId, userId: 'u1', role: 'owner', plan: 'free', mfaSetupRequired: 'false' };
const context: Context = lambdaContext('unit');

describe('apiHandler log lines', () => {
  let apiHandler: typeof ApiHandler;
  let ok: typeof Ok;
  // From the same fresh module graph as the handler, so `instanceof DomainError` holds.
  let ConflictError: typeof Conflict;
  let lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    // The unit setup silences the logger; its level is read when the module loads.
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
    vi.resetModules();
    ({ apiHandler, ok } = await import('#shared/http/api-handler.ts'));
    ({ ConflictError } = await import('#shared/errors.ts'));
    const capture = (chunk: string | Uint8Array): boolean => {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  });

  afterAll(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  beforeEach(() => {
    lines = [];
  });

  const refusing = () =>
    apiHandler(adminRoute, {
      handle: async () => {
        throw new ConflictError('Already there');
      },
    });
  const crashing = () =>
    apiHandler(publicRoute, {
      handle: async () => {
        throw new Error('boom');
      },
    });

  it('tags a refused request with its request, tenant and user, beside the Lambda context', async () => {
    await refusing()(authorizedEvent(caller, { body: '{"name":"x"}' }), context);

    expect(lines).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'Request refused',
        requestId: 'req-unit-1',
        tenantId,
        userId: 'u1',
        code: 'conflict',
        function_request_id: context.awsRequestId,
      }),
    ]);
  });

  it('logs a failure with its error, and no keys of the request before it', async () => {
    await refusing()(authorizedEvent(caller, { body: '{"name":"x"}' }), context);
    await crashing()(proxyEvent(), context);

    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({
      level: 'ERROR',
      message: 'Request failed',
      requestId: 'req-unit-1',
      error: { name: 'Error', message: 'boom' },
    });
    expect(lines[1]).not.toHaveProperty('tenantId');
    expect(lines[1]).not.toHaveProperty('userId');
  });

  it('writes nothing for a request that succeeds', async () => {
    await apiHandler(adminRoute, {
      handle: async ({ ctx, body }) =>
        ok({ tenantId: ctx.tenantId, role: ctx.role, name: body.name }),
    })(authorizedEvent(caller, { body: '{"name":"x"}' }), context);

    expect(lines).toEqual([]);
  });
});
