/** Made-up routes of each kind, for tests of the API middleware stack. */
import * as z from 'zod/mini';
import type { PublicRoute, TenantRoute } from '#shared/http/route.ts';

const docs = { summary: 'A made-up route', tag: 'Tests' } as const;

/** Takes `{name}` (at most 5 characters) and answers 200 with what it saw. */
export const adminRoute = {
  method: 'POST',
  path: '/v1/things',
  entry: 'functions/things/create.ts',
  auth: 'tenant',
  minRole: 'admin',
  table: 'readWrite',
  docs,
  request: { body: z.strictObject({ name: z.string().check(z.maxLength(5)) }) },
  response: {
    status: 200,
    description: 'What the handler saw',
    body: z.strictObject({ tenantId: z.string(), role: z.string(), name: z.string() }),
  },
} as const satisfies TenantRoute;

/** Takes no input and answers 200 with any JSON object. */
export const publicRoute = {
  method: 'POST',
  path: '/v1/things',
  entry: 'functions/things/create.ts',
  auth: 'public',
  table: 'readWrite',
  docs,
  response: { status: 200, description: 'Anything', body: z.record(z.string(), z.unknown()) },
} as const satisfies PublicRoute;

/** Like publicRoute, with a body schema `{a: number}`. */
export const numberRoute = {
  ...publicRoute,
  request: { body: z.strictObject({ a: z.number() }) },
} as const satisfies PublicRoute;

/** Takes its body raw (a webhook) and answers 204. */
export const rawBodyRoute = {
  ...publicRoute,
  request: { rawBody: true, headers: ['Stripe-Signature'] },
  response: { status: 204, description: 'Received' },
} as const satisfies PublicRoute;

/** Answers a 302 redirect with a body naming the URL. */
export const redirectRoute = {
  ...publicRoute,
  method: 'GET',
  response: {
    status: 302,
    description: 'Redirect',
    body: z.object({ url: z.string() }),
    headers: ['Location'],
  },
} as const satisfies PublicRoute;

/** A tenant GET any member may call, with no input, answering 200 with any JSON object. */
export const readRoute = {
  method: 'GET',
  path: '/v1/things',
  entry: 'functions/things/list.ts',
  auth: 'tenant',
  minRole: 'viewer',
  table: 'read',
  docs,
  response: { status: 200, description: 'Anything', body: z.record(z.string(), z.unknown()) },
} as const satisfies TenantRoute;
