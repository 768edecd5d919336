/**
 * Bundles every function for real, with the local esbuild and Docker made unusable, and runs the
 * health bundle: proof that synth works on a machine without Docker and that the ESM output
 * (with its createRequire shim for CommonJS dependencies) loads and answers; and proof that the
 * esbuild options of lib/common/bundling.ts, which the benchmark builds with, give CDK's bytes.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Construct } from 'constructs';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '#dev/lambda-context.ts';
import { createTenantKitApp, type TenantKitApp } from '#lib/app.ts';
import { bundleFileName, esbuildOptionsFor, functionBundling } from '#lib/common/bundling.ts';
import { repoRoot } from '#lib/common/paths.ts';
import { workers } from '#lib/jobs/workers.ts';
import { authorizerEntry, routes } from '#shared/api/routes.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { proxyEvent } from '../support/events.ts';
import { logicalIdOf } from './synth.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

let built: TenantKitApp;
let template: { Resources: Record<string, { Properties?: { Code?: { S3Key?: string } } }> };
const previousDocker = process.env.CDK_DOCKER;

beforeAll(() => {
  // Any attempt to bundle in Docker would now fail loudly instead of silently needing Docker.
  process.env.CDK_DOCKER = '/nonexistent/docker';
  built = createTenantKitApp({ context: { stage: 'dev' }, nagChecks: false });
  const assembly = built.app.synth();
  // The parent's resources and every API module's (nested stacks are files beside it).
  const templates = [
    assembly.getStackArtifact(built.stack.artifactId).template as typeof template,
    ...readdirSync(assembly.directory)
      .filter((file) => file.endsWith('.nested.template.json'))
      .map(
        (file) =>
          JSON.parse(readFileSync(join(assembly.directory, file), 'utf8')) as typeof template,
      ),
  ];
  template = { Resources: Object.assign({}, ...templates.map((each) => each.Resources)) };
  // Bundles every route's function for real: minutes on a busy machine.
}, 600_000);

afterAll(() => {
  if (previousDocker === undefined) delete process.env.CDK_DOCKER;
  else process.env.CDK_DOCKER = previousDocker;
  rmSync(built.app.outdir, { recursive: true, force: true });
});

function bundleDirOf(routeId: string): string {
  const fn =
    routeId === 'authorizer'
      ? built.stack.api.authorizerFunction
      : built.stack.api.functions[routeId];
  if (fn === undefined) throw new Error(`no function for route ${routeId}`);
  return bundleDirOfFunction(fn);
}

function bundleDirOfFunction(fn: Construct): string {
  const logicalId = logicalIdOf(fn.node.defaultChild as CfnFunction);
  const key = template.Resources[logicalId]?.Properties?.Code?.S3Key ?? '';
  return join(built.app.outdir, `asset.${key.replace(/\.zip$/, '')}`);
}

/**
 * The files and packages whose code each route's bundle holds: every entry built in memory in one
 * esbuild run with CDK's options (one run instead of one per route keeps the test quick).
 */
let routeInputs: Promise<ReadonlyMap<string, readonly string[]>> | undefined;

async function buildRouteInputs(): Promise<ReadonlyMap<string, readonly string[]>> {
  const entries = Object.values(routes).map((route) => route.entry);
  const { outfile: _oneFile, ...options } = esbuildOptionsFor(
    functionBundling,
    join(repoRoot, entries[0] ?? ''),
    tmpdir(),
    repoRoot,
  );
  const result = await build({
    ...options,
    entryPoints: entries.map((entry) => join(repoRoot, entry)),
    outdir: join(tmpdir(), 'tenantkit-inputs'),
    outbase: repoRoot,
    metafile: true,
    write: false,
  });
  return new Map(
    Object.values(result.metafile.outputs).flatMap((output) =>
      output.entryPoint === undefined
        ? []
        : [
            [
              output.entryPoint,
              Object.entries(output.inputs)
                .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
                .map(([input]) => input),
            ],
          ],
    ),
  );
}

async function inputsOf(entry: string): Promise<readonly string[]> {
  routeInputs ??= buildRouteInputs();
  const inputs = (await routeInputs).get(entry);
  if (inputs === undefined) throw new Error(`no bundle for ${entry}`);
  return inputs;
}

/** `@scope/name` of a node_modules input; our own files as they are. */
function packageOf(input: string): string {
  return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input;
}

describe('bundling', () => {
  it.each(Object.keys(routes))('bundles %s as minified ESM with a source map', (routeId) => {
    // Act
    const dir = bundleDirOf(routeId);

    // Assess
    expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
    expect(code.startsWith('import { createRequire as __tkCreateRequire }')).toBe(true);
  });

  it.each(Object.keys(workers))('bundles the %s worker, and the bundle loads', async (name) => {
    // Prepare
    const dir = bundleDirOfFunction(built.stack.workers.functions[name as keyof typeof workers]);

    // Act
    const module = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as {
      handler?: unknown;
    };

    // Assess
    expect(typeof module.handler).toBe('function');
  });

  it('bundles the daily dispatcher', () => {
    // Act
    const dir = bundleDirOfFunction(built.stack.daily.dispatcher);

    // Assess
    expect(existsSync(join(dir, 'index.mjs'))).toBe(true);
  });

  it.each(Object.entries(routes))(
    'links the DynamoDB client into %s, whose middleware holds the request limiter',
    (routeId) => {
      // Act
      const code = readFileSync(join(bundleDirOf(routeId), bundleFileName), 'utf8');

      // Assess: the client's wire protocol name is in the bundle exactly when the client is. The
      // limiter sits in the one API middleware stack, so even health and the document link the
      // client they never call (a known cost: see the README's Performance section).
      expect(code.includes('DynamoDB_20120810')).toBe(true);
    },
  );

  it.each([
    ...Object.entries(routes).map(([routeId, route]) => [routeId, route.entry]),
    ['authorizer', authorizerEntry],
  ])('rebuilds %s byte for byte with the options the benchmark uses', async (routeId, entry) => {
    // Prepare
    const outdir = mkdtempSync(join(tmpdir(), 'tenantkit-bundle-'));

    try {
      // Act
      await build(esbuildOptionsFor(functionBundling, join(repoRoot, entry), outdir, repoRoot));

      // Assess
      const ours = readFileSync(join(outdir, bundleFileName));
      const cdks = readFileSync(join(bundleDirOf(routeId), bundleFileName));
      expect(ours.equals(cdks)).toBe(true);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('leaves out the modules of other domains, which package.json sideEffects: false allows', async () => {
    // Act
    const inputs = (await inputsOf(routes.getProject.entry)).filter(
      (input) => !input.includes('node_modules'),
    );

    // Assess: every store is exported from one module, yet only the project store is bundled,
    // so no other domain's schemas are built at cold start.
    expect(inputs).toContain('shared/data/resource-store.ts');
    expect(inputs).toContain('shared/projects/resource.ts');
    expect(inputs).not.toContain('shared/webhooks/resource.ts');
    expect(inputs.filter((input) => /^shared\/(members|invitations|jobs)\//.test(input))).toEqual(
      [],
    );
    expect(inputs).not.toContain('shared/data/member-store.ts');
  });

  it.each(Object.entries(routes))(
    'bundles the S3 client and presigner into %s only if its route reads export files',
    async (_routeId, route) => {
      // Act
      const packages = new Set((await inputsOf(route.entry)).map(packageOf));

      // Assess: the job reads name the download route instead of signing links, so only that
      // route pays for about 190 KB of S3 code at load.
      const s3 = ['@aws-sdk/client-s3', '@aws-sdk/s3-request-presigner'];
      expect(s3.filter((name) => packages.has(name))).toEqual(
        (route as RouteDefinition).exportFiles === undefined ? [] : s3,
      );
    },
  );

  it.each([
    ...Object.keys(routes).map((routeId) => [routeId, () => bundleDirOf(routeId)] as const),
    ...Object.keys(workers).map(
      (name) =>
        [
          `${name} worker`,
          () => bundleDirOfFunction(built.stack.workers.functions[name as keyof typeof workers]),
        ] as const,
    ),
    ['daily dispatcher', () => bundleDirOfFunction(built.stack.daily.dispatcher)] as const,
  ])('bundles zod/mini into %s with its English messages and no other locale', (_name, dir) => {
    // Act
    const code = readFileSync(join(dir(), bundleFileName), 'utf8');

    // Assess: classic zod names its constructors ZodString etc., zod/mini ZodMiniString.
    expect(code).toContain('"ZodMiniString"');
    expect(code).not.toContain('"ZodString"');
    expect(code).toContain('Too big: expected');
    expect(code).not.toContain('Ungültige Eingabe');
  });

  it.each(Object.keys(routes))(
    'publishes request metrics from %s with Powertools Metrics and traces it with Tracer',
    (routeId) => {
      // Act
      const code = readFileSync(join(bundleDirOf(routeId), bundleFileName), 'utf8');

      // Assess: the EMF envelope key only exists in the Metrics utility, the variable in Tracer.
      expect(code).toContain('CloudWatchMetrics');
      expect(code).toContain('POWERTOOLS_TRACER_CAPTURE_RESPONSE');
    },
  );

  it('keeps Powertools Metrics in the job workers, which publish job outcomes', () => {
    for (const name of Object.keys(workers)) {
      // Act
      const dir = bundleDirOfFunction(built.stack.workers.functions[name as keyof typeof workers]);
      const code = readFileSync(join(dir, bundleFileName), 'utf8');

      // Assess
      expect(code).toContain('CloudWatchMetrics');
    }
  });

  it('keeps classic zod out of the authorizer too', () => {
    // Act
    const code = readFileSync(join(bundleDirOf('authorizer'), bundleFileName), 'utf8');

    // Assess
    expect(code).not.toContain('"ZodString"');
  });

  it('answers a bundled validation failure with the English details of classic zod', async () => {
    // Prepare: validation runs before the handler touches Cognito or DynamoDB.
    const url = pathToFileURL(join(bundleDirOf('createTenant'), 'index.mjs')).href;
    const { handler } = (await import(url)) as { handler: Handler };
    const body = { tenantName: '   ', email: 'not-an-email', password: 'short', plan: 'pro' };
    const event = proxyEvent({ httpMethod: 'POST', body: JSON.stringify(body) });

    // Act
    const response = await handler(event, lambdaContext('createTenant'));

    // Assess
    expect(response.statusCode).toBe(400);
    const detail = (path: string, code: string, message: string) => ({
      location: 'body',
      path,
      code,
      message,
    });
    expect(JSON.parse(response.body).error.details).toEqual([
      detail('tenantName', 'too_small', 'Too small: expected string to have >=1 characters'),
      detail('email', 'invalid_format', 'Invalid email address'),
      detail('password', 'too_small', 'Too small: expected string to have >=12 characters'),
      detail('password', 'invalid_format', 'must contain an uppercase letter'),
      detail('password', 'invalid_format', 'must contain a digit'),
      detail('password', 'invalid_format', 'must contain a symbol'),
      detail('', 'unrecognized_keys', 'Unrecognized key: "plan"'),
    ]);
  });

  it('runs the bundled health handler', async () => {
    // Prepare
    const url = pathToFileURL(join(bundleDirOf('health'), 'index.mjs')).href;
    const { handler } = (await import(url)) as { handler: Handler };
    const event = proxyEvent({ path: '/health', resource: '/health' });
    const context = lambdaContext('health');

    // Act
    const response = await handler(event, context);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
  });
});
