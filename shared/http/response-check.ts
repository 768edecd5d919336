/**
 * Checks a handler's answer against its route's declared response (status and body schema). On in
 * tests and `npm start` (API_RESPONSE_CHECKS=true), off in production: the types already hold the
 * handlers to the schema, and a second parse of every answer buys nothing there.
 */
import { once, optionalEnv } from '#shared/config/env.ts';
import { isConditionalRead, type RouteDefinition } from './route.ts';

export const responseChecksEnabled = once(() => optionalEnv('API_RESPONSE_CHECKS') === 'true');

export class ResponseContractError extends Error {}

/** Throws (so the request fails loudly as a 500) when the answer is not the one the route declares. */
export function checkResponse(route: RouteDefinition, statusCode: number, body: unknown): void {
  const declared = route.response;
  const where = `${route.method} ${route.path}`;
  if (statusCode === 304 && isConditionalRead(route)) {
    if (body !== undefined) throw new ResponseContractError(`${where} answered 304 with a body`);
    return;
  }
  if (statusCode !== declared.status) {
    throw new ResponseContractError(
      `${where} answered ${statusCode}, but declares ${declared.status}`,
    );
  }
  if (declared.body === undefined) {
    if (body !== undefined) throw new ResponseContractError(`${where} declares no body`);
    return;
  }
  const result = declared.body.safeParse(body);
  if (!result.success) {
    throw new ResponseContractError(`${where} answered a body its schema refuses`, {
      cause: result.error,
    });
  }
}
