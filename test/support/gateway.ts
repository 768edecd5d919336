/**
 * Serves the real local gateway on a free port for end-to-end tests, with small HTTP helpers whose
 * every answer is checked against the OpenAPI document (test/support/contract.ts).
 */
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serveDocs } from '#dev/docs-page.ts';
import { createGateway } from '#dev/gateway.ts';
import {
  createOperatorPage,
  dailySchedulePage,
  meterSchedulePage,
  outboxPage,
  redrivePage,
} from '#dev/local-endpoints.ts';
import { routes } from '#shared/api/routes.ts';
import { assertContract } from './contract.ts';

export interface TestGateway {
  readonly baseUrl: string;
  close(): Promise<void>;
}

export async function startTestGateway(authorizerCacheTtlSeconds = 0): Promise<TestGateway> {
  const rootDir = fileURLToPath(new URL('../..', import.meta.url));
  const server = createGateway({
    routes: Object.values(routes),
    rootDir,
    authorizerCacheTtlSeconds,
    // The local pages npm start serves too.
    localPages: [
      serveDocs,
      ...(process.env.MAIL_OUTBOX_DIR ? [outboxPage(process.env.MAIL_OUTBOX_DIR)] : []),
      dailySchedulePage(rootDir),
      meterSchedulePage(rootDir),
      redrivePage,
      createOperatorPage(),
    ],
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface JsonResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body, typed as the test expects it (checked against the OpenAPI document). */
  readonly body: T;
}

export interface ErrorResponseBody {
  readonly error: { readonly code: string; readonly message: string; readonly details: unknown };
}

export async function request<T = ErrorResponseBody>(
  baseUrl: string,
  method: string,
  path: string,
  options: {
    body?: unknown;
    rawBody?: string;
    token?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  const observed = {
    method,
    path,
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as unknown) : undefined,
  };
  // Every answer of every e2e suite is held to the served document.
  assertContract(observed);
  return { status: observed.status, headers: observed.headers, body: observed.body as T };
}
