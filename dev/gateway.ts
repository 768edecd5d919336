/**
 * The local API Gateway: turns HTTP requests into REST API proxy events from the route table, runs
 * the real authorizer (with API Gateway's result cache keyed by the Authorization header) and the
 * real handlers in-process, and answers API Gateway's own errors in our JSON error shape.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  APIGatewayRequestAuthorizerEvent,
  Context,
} from 'aws-lambda';
import {
  type GatewayResponseType,
  gatewayErrorStatus,
  gatewayErrors,
} from '#lib/api/gateway-errors.ts';
import { authorizerEntry, operatorAuthorizerEntry } from '#shared/api/routes.ts';
import { onAuthorizerCacheFlush } from '#shared/auth/authorizer-cache.ts';
import { corsConfig } from '#shared/config/runtime-config.ts';
import { corsAllowedMethods, corsHeaders, corsPreflightHeaders } from '#shared/http/cors.ts';
import { type ErrorBody, errorBody } from '#shared/http/error-response.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { lambdaContext, requestIdentity } from './lambda-context.ts';
import { createRouteMatcher } from './route-matcher.ts';

type Handler<E, R> = (event: E, context: Context) => Promise<R>;
type ApiHandler = Handler<APIGatewayProxyEvent, APIGatewayProxyResult>;
type AuthorizerHandler = Handler<APIGatewayRequestAuthorizerEvent, APIGatewayAuthorizerResult>;

export interface GatewayOptions {
  readonly routes: readonly RouteDefinition[];
  /** Repository root the route entries are relative to. */
  readonly rootDir: string;
  /** API Gateway's authorizer result cache; 0 turns it off. */
  readonly authorizerCacheTtlSeconds: number;
  readonly stage?: string;
  /** Local-only pages (API reference, outbox …) tried before the route table; true when answered. */
  readonly localPages?: readonly LocalPage[];
  /** Called once per request with what happened, for the local log. */
  readonly onRequest?: (line: RequestLogLine) => void;
}

export type LocalPage = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

export interface RequestLogLine {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
  readonly requestId: string;
}

/** API Gateway refuses payloads above 10 MB before any function runs. */
const maxPayloadBytes = 10 * 1024 * 1024;
const apiId = 'local';
const accountId = '000000000000';

/** Node's own limit, stated: API Gateway's (10 KB) is lower, so nothing that passes there fails here. */
const maxHeaderBytes = 16 * 1024;

class GatewayError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: ErrorBody,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(body.error.message);
  }
}

/** An error API Gateway itself answers, as lib/api/gateway-errors.ts configures it on AWS. */
function gatewayResponse(type: GatewayResponseType): GatewayError {
  const error = gatewayErrors[type];
  return new GatewayError(
    gatewayErrorStatus(error),
    errorBody(error.code, error.message),
    error.headers,
  );
}

/**
 * Requests Node refuses before any handler runs (malformed framing such as `Transfer-Encoding:
 * chunked, identity`, headers over maxHeaderBytes): answered on the raw socket in the API's error
 * shape with an x-request-id, then the connection is closed, since the framing cannot be trusted.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const message =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? `Request headers are larger than ${maxHeaderBytes} bytes`
      : 'Malformed HTTP request';
  const body = JSON.stringify(errorBody('validation_failed', message));
  socket.end(
    [
      'HTTP/1.1 400 Bad Request',
      'content-type: application/json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body)}`,
      `x-request-id: ${randomUUID()}`,
      'connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.byteLength;
    if (size > maxPayloadBytes) {
      throw new GatewayError(400, errorBody('validation_failed', 'Request body is too large'));
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function headerMaps(request: IncomingMessage): {
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
} {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index] ?? '';
    const value = request.rawHeaders[index + 1] ?? '';
    // API Gateway sets the scheme itself, whatever the client sent.
    if (name.toLowerCase() === 'x-forwarded-proto') continue;
    headers[name] = value;
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
  }
  headers['X-Forwarded-Proto'] = 'http';
  multiValueHeaders['X-Forwarded-Proto'] = ['http'];
  return { headers, multiValueHeaders };
}

function queryMaps(url: URL): {
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
} {
  if ([...url.searchParams.keys()].length === 0) {
    return { queryStringParameters: null, multiValueQueryStringParameters: null };
  }
  // Without a prototype, as API Gateway's JSON gives them: a parameter named `__proto__` is one
  // more unknown parameter (a 400), not Object.prototype.
  const single: Record<string, string> = Object.create(null);
  const multi: Record<string, string[]> = Object.create(null);
  for (const [name, value] of url.searchParams) {
    single[name] = value;
    multi[name] = [...(Object.hasOwn(multi, name) ? (multi[name] ?? []) : []), value];
  }
  return { queryStringParameters: single, multiValueQueryStringParameters: multi };
}

export function createGateway(options: GatewayOptions): Server {
  const stage = options.stage ?? 'local';
  const matchRoute = createRouteMatcher(options.routes);
  const modules = new Map<string, Promise<unknown>>();
  const authorizerCache = new Map<
    string,
    { result: APIGatewayAuthorizerResult; expiresAt: number }
  >();

  const load = async <H>(entry: string): Promise<H> => {
    let loading = modules.get(entry);
    if (!loading) {
      loading = import(pathToFileURL(join(options.rootDir, entry)).href);
      modules.set(entry, loading);
    }
    const module = (await loading) as { handler?: H };
    if (!module.handler) throw new Error(`${entry} exports no handler`);
    return module.handler;
  };

  // What FlushStageAuthorizersCache does on AWS: handlers in this process flush this cache.
  const stopFlushing = onAuthorizerCacheFlush(() => authorizerCache.clear());

  const authorizeRequest = async (
    entry: string,
    event: APIGatewayProxyEvent,
    methodArn: string,
  ): Promise<APIGatewayAuthorizerResult> => {
    const authorization = Object.entries(event.headers).find(
      ([name]) => name.toLowerCase() === 'authorization',
    )?.[1];
    if (!authorization) {
      throw new GatewayError(401, errorBody('unauthorized', 'Unauthorized'));
    }
    // As on AWS, each authorizer has a cache of its own: a tenant's cached answer is never an
    // operator route's, nor the reverse.
    const cacheKey = `${entry}\n${authorization}`;
    const cached = authorizerCache.get(cacheKey);
    if (cached && cached.expiresAt > Date.now()) return cached.result;
    const authorizer = await load<AuthorizerHandler>(entry);
    let result: APIGatewayAuthorizerResult;
    try {
      result = await authorizer(
        {
          type: 'REQUEST',
          methodArn,
          resource: event.resource,
          path: event.path,
          httpMethod: event.httpMethod,
          headers: event.headers,
          multiValueHeaders: event.multiValueHeaders,
          pathParameters: event.pathParameters,
          queryStringParameters: event.queryStringParameters,
          multiValueQueryStringParameters: event.multiValueQueryStringParameters,
          stageVariables: null,
          requestContext: { ...event.requestContext, authorizer: undefined },
        },
        lambdaContext('authorizer'),
      );
    } catch (error) {
      if (error instanceof Error && error.message === 'Unauthorized') {
        throw new GatewayError(401, errorBody('unauthorized', 'Unauthorized'));
      }
      // Whatever else the authorizer throws, API Gateway answers AUTHORIZER_FAILURE (not cached).
      console.error(`[gateway] ${event.requestContext.requestId} authorizer failed:`, error);
      throw gatewayResponse('AUTHORIZER_FAILURE');
    }
    if (options.authorizerCacheTtlSeconds > 0) {
      authorizerCache.set(cacheKey, {
        result,
        expiresAt: Date.now() + options.authorizerCacheTtlSeconds * 1000,
      });
    }
    return result;
  };

  /** API Gateway's mock OPTIONS method on every resource when the stage allows origins (lib/api/api.ts). */
  const preflight = (request: IncomingMessage, path: string): APIGatewayProxyResult => {
    const allowedOrigins = corsConfig().allowedOrigins;
    const exists = corsAllowedMethods.some((each) => {
      try {
        return matchRoute(each, path) !== undefined;
      } catch {
        return false;
      }
    });
    if (allowedOrigins.length === 0 || !exists) {
      throw new GatewayError(404, errorBody('not_found', `No route for OPTIONS ${path}`));
    }
    return {
      statusCode: 204,
      headers: corsPreflightHeaders(allowedOrigins, request.headers.origin),
      body: '',
    };
  };

  const invoke = async (
    request: IncomingMessage,
    requestId: string,
  ): Promise<APIGatewayProxyResult> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    let match: ReturnType<typeof matchRoute>;
    try {
      match = matchRoute(method, url.pathname);
    } catch {
      throw new GatewayError(400, errorBody('validation_failed', 'Malformed request path'));
    }
    if (!match && method === 'OPTIONS') return preflight(request, url.pathname);
    if (!match)
      throw new GatewayError(404, errorBody('not_found', `No route for ${method} ${url.pathname}`));
    const { route, pathParameters } = match;
    const body = await readBody(request);
    const { headers, multiValueHeaders } = headerMaps(request);
    const resourcePath = route.path;
    const methodArn = `arn:aws:execute-api:us-east-1:${accountId}:${apiId}/${stage}/${route.method}${resourcePath}`;
    const event: APIGatewayProxyEvent = {
      resource: resourcePath,
      path: url.pathname,
      httpMethod: route.method,
      headers,
      multiValueHeaders,
      ...queryMaps(url),
      pathParameters,
      stageVariables: null,
      body: body.byteLength === 0 ? null : body.toString('utf8'),
      isBase64Encoded: false,
      requestContext: {
        accountId,
        apiId,
        authorizer: null,
        httpMethod: route.method,
        identity: requestIdentity(
          request.socket.remoteAddress ?? '127.0.0.1',
          request.headers['user-agent'] ?? null,
        ),
        // Locally the API is served without the stage prefix an execute-api URL has.
        path: url.pathname,
        protocol: 'HTTP/1.1',
        requestId,
        requestTimeEpoch: Date.now(),
        resourceId: resourcePath,
        resourcePath,
        stage,
      },
    };
    if (route.auth !== 'public') {
      const entry = route.auth === 'tenant' ? authorizerEntry : operatorAuthorizerEntry;
      const result = await authorizeRequest(entry, event, methodArn);
      const allowed = result.policyDocument.Statement.some(
        (statement) =>
          statement.Effect === 'Allow' &&
          'Resource' in statement &&
          statement.Resource !== undefined &&
          covers(statement.Resource, methodArn),
      );
      if (!allowed)
        throw new GatewayError(
          403,
          errorBody('forbidden', 'User is not authorized to access this resource'),
        );
      event.requestContext.authorizer = { ...result.context, principalId: result.principalId };
    }
    const handler = await load<ApiHandler>(route.entry);
    return handler(event, lambdaContext(route.entry));
  };

  const server = createServer({ maxHeaderSize: maxHeaderBytes }, (request, response) => {
    const started = performance.now();
    const requestId = randomUUID();
    const finish = (result: APIGatewayProxyResult): void => {
      const headers: Record<string, string | number | boolean> = { ...result.headers };
      for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
        headers[name] = values.join(', ');
      }
      headers['x-request-id'] ??= requestId;
      response.writeHead(result.statusCode, headers as Record<string, string>);
      response.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
      options.onRequest?.({
        method: request.method ?? '',
        path: request.url ?? '',
        status: result.statusCode,
        durationMs: performance.now() - started,
        requestId,
      });
    };
    const answerLocally = async (): Promise<boolean> => {
      for (const localPage of options.localPages ?? []) {
        if (await localPage(request, response)) return true;
      }
      return false;
    };
    const dispatch = async (): Promise<APIGatewayProxyResult | undefined> =>
      (await answerLocally()) ? undefined : invoke(request, requestId);
    dispatch().then(
      (result) => result && finish(result),
      (error: unknown) => {
        const gatewayError =
          error instanceof GatewayError
            ? error
            : new GatewayError(500, errorBody('internal', 'Internal server error'));
        if (!(error instanceof GatewayError)) console.error(`[gateway] ${requestId}`, error);
        finish({
          statusCode: gatewayError.statusCode,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            ...corsHeaders(corsConfig().allowedOrigins, request.headers.origin),
            ...gatewayError.headers,
          },
          body: JSON.stringify(gatewayError.body),
        });
      },
    );
  });
  server.on('clientError', answerClientError);
  server.on('close', stopFlushing);
  return server;
}

function covers(resource: string | string[], methodArn: string): boolean {
  const patterns = Array.isArray(resource) ? resource : [resource];
  return patterns.some((pattern) => {
    const regex = new RegExp(
      `^${pattern
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    return regex.test(methodArn);
  });
}
