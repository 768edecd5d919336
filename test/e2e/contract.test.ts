/**
 * The contract check every e2e answer goes through (test/support/contract.ts) is live: a real answer
 * passes, and the same answer made wrong in status, body or headers is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertContract, ContractViolation, type ObservedResponse } from '../support/contract.ts';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { signUpAndLogin } from '../support/tenants.ts';

let gateway: TestGateway;
let real: ObservedResponse;

beforeAll(async () => {
  gateway = await startTestGateway();
  const { idToken } = await signUpAndLogin(gateway.baseUrl, 'Contract Co');
  const created = await request<{ id: string }>(gateway.baseUrl, 'POST', '/v1/projects', {
    token: idToken,
    body: { name: 'Contract' },
  });
  const path = `/v1/projects/${created.body.id}`;
  const read = await request(gateway.baseUrl, 'GET', path, { token: idToken });
  real = { method: 'GET', path, status: read.status, headers: read.headers, body: read.body };
});
afterAll(() => gateway.close());

function withHeaders(drop: string): Headers {
  const headers = new Headers(real.headers);
  headers.delete(drop);
  return headers;
}

describe('the contract check of e2e answers', () => {
  it('accepts a real answer', () => {
    expect(real.status).toBe(200);
    expect(() => assertContract(real)).not.toThrow();
  });

  it.each([
    ['an undocumented status', () => ({ ...real, status: 418 })],
    [
      'a body missing a required field',
      () => ({ ...real, body: { ...(real.body as object), name: undefined } }),
    ],
    [
      'a body with a field of the wrong type',
      () => ({ ...real, body: { ...(real.body as object), version: '1' } }),
    ],
    [
      'a body with an undeclared field',
      () => ({ ...real, body: { ...(real.body as object), pk: 'T#x' } }),
    ],
    ['an error in another shape', () => ({ ...real, status: 404, body: { message: 'nope' } })],
    ['a missing ETag', () => ({ ...real, headers: withHeaders('etag') })],
    ['a missing x-request-id', () => ({ ...real, headers: withHeaders('x-request-id') })],
  ])('refuses %s', (_name, wrong) => {
    expect(() => assertContract(wrong())).toThrow(ContractViolation);
  });
});
