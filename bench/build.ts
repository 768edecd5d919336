/**
 * Builds what the bench runs: each function's bundle with the esbuild options CDK uses (one source,
 * lib/common/bundling.ts), the same bundle without Tracer and Metrics (to price them), the empty
 * handler, the bare handlers and the driver. A bare handler is generated per route from the calls
 * the route was seen to make: bare SDK clients, one command per operation, nothing else — what a
 * careful engineer writes without our framework.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';
import { bundleFileName, esbuildOptionsFor, functionBundling } from '#lib/common/bundling.ts';
import { repoRoot } from '#lib/common/paths.ts';
import { benchDir, workDir } from './config.ts';
import type { ServiceName } from './replay.ts';

export interface BundleStats {
  readonly bytes: number;
  readonly gzipBytes: number;
  /** The packages that weigh most in the minified output, heaviest first, in KB. */
  readonly heaviest: readonly string[];
}

export interface Bundle {
  readonly file: string;
  readonly stats: BundleStats;
}

/** The npm package a bundled path lies in, or `app: <folder>` for our own code. */
function packageOf(path: string): string {
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return modules?.[1] ?? `app: ${path.split('/').find((part) => part !== '' && part !== '.')}`;
}

function heaviest(metafile: Metafile): string[] {
  const output = Object.values(metafile.outputs).find((entry) => entry.entryPoint !== undefined);
  const bytes = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    bytes.set(packageOf(input), (bytes.get(packageOf(input)) ?? 0) + bytesInOutput);
  }
  return [...bytes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, size]) => `${name} ${Math.round(size / 1024)}`);
}

/**
 * Tracer and Metrics as inert stand-ins: every method a no-op (a client passes through
 * `captureAWSv3Client`), so a bundle built with them measures the code without observability.
 */
const inertObservability: Plugin = {
  name: 'inert-observability',
  setup(builder) {
    const filter = /^@aws-lambda-powertools\/(tracer|metrics)(\/middleware)?$/;
    builder.onResolve({ filter }, ({ path }) => ({ path, namespace: 'inert' }));
    builder.onLoad({ filter: /.*/, namespace: 'inert' }, () => ({
      contents: [
        "const inert = () => new Proxy({}, { get: (_, name) => name === 'then' ? undefined : name === 'captureAWSv3Client' ? (client) => client : () => undefined });",
        'export class Tracer { constructor() { return inert(); } }',
        'export class Metrics { constructor() { return inert(); } }',
        'export const MetricUnit = new Proxy({}, { get: (_, name) => name });',
        'export const captureLambdaHandler = () => ({ before: () => undefined });',
      ].join('\n'),
    }));
  },
};

/**
 * Bundles `entry` (absolute) into `<workDir>/bundles/<name>/` exactly as CDK would, or with
 * Tracer and Metrics inert (`observability: false`).
 */
export async function bundle(name: string, entry: string, observability = true): Promise<Bundle> {
  const outdir = join(workDir, 'bundles', name);
  await rm(outdir, { recursive: true, force: true });
  // metafile only adds a report; the output bytes stay CDK's (test/infra/bundling.test.ts).
  const result = await build({
    ...esbuildOptionsFor(functionBundling, entry, outdir, repoRoot),
    metafile: true,
    ...(!observability && { plugins: [inertObservability] }),
  });
  const file = join(outdir, bundleFileName);
  const code = await readFile(file);
  return {
    file,
    stats: {
      bytes: code.length,
      gzipBytes: gzipSync(code).length,
      heaviest: heaviest(result.metafile),
    },
  };
}

/** Bundles generated source `code` as the function `name`. */
async function bundleSource(name: string, code: string): Promise<Bundle> {
  const dir = join(workDir, 'sources');
  await mkdir(dir, { recursive: true });
  const entry = join(dir, `${name}.mjs`);
  await writeFile(entry, code);
  return bundle(name, entry);
}

/** The floor: a handler that does nothing, bundled and started like the functions. */
export function buildEmptyHandler(): Promise<Bundle> {
  return bundleSource(
    'empty',
    "export const handler = async () => ({ statusCode: 200, body: '' });\n",
  );
}

/** What a bare handler does besides its calls, because the route's contract demands it too. */
export type BareExtra = 'verifyToken' | 'presignDownload';

const clients: Readonly<Record<ServiceName, { module: string; client: string; endpoint: string }>> =
  {
    dynamodb: {
      module: '@aws-sdk/client-dynamodb',
      client: 'DynamoDBClient',
      endpoint: 'DYNAMODB_ENDPOINT',
    },
    cognito: {
      module: '@aws-sdk/client-cognito-identity-provider',
      client: 'CognitoIdentityProviderClient',
      endpoint: 'COGNITO_ENDPOINT',
    },
    sqs: { module: '@aws-sdk/client-sqs', client: 'SQSClient', endpoint: 'SQS_ENDPOINT' },
    secretsmanager: {
      module: '@aws-sdk/client-secrets-manager',
      client: 'SecretsManagerClient',
      endpoint: 'SECRETS_MANAGER_ENDPOINT',
    },
  };

/** The document client's command for each DynamoDB operation. */
const documentCommands: Readonly<Record<string, string>> = {
  GetItem: 'GetCommand',
  PutItem: 'PutCommand',
  UpdateItem: 'UpdateCommand',
  DeleteItem: 'DeleteCommand',
  Query: 'QueryCommand',
  BatchGetItem: 'BatchGetCommand',
  BatchWriteItem: 'BatchWriteCommand',
  TransactGetItems: 'TransactGetCommand',
  TransactWriteItems: 'TransactWriteCommand',
};

/**
 * The source of a bare handler that can make `operations` (`dynamodb GetItem`, …). Its event is
 * `{calls, token?, capacity?}`: it makes the calls in order and answers the last result as JSON
 * (with `capacity`, the consumed capacity of each DynamoDB call instead, asked for in untimed runs).
 */
export function bareSource(operations: readonly string[], extras: readonly BareExtra[]): string {
  const imports: string[] = [];
  const setup: string[] = [];
  const commands: string[] = [];
  const byService = new Map<ServiceName, string[]>();
  for (const key of new Set(operations)) {
    const [service, operation = ''] = key.split(' ') as [ServiceName, string];
    byService.set(service, [...(byService.get(service) ?? []), operation]);
  }
  for (const [service, ops] of byService) {
    const { module, client, endpoint } = clients[service];
    const config = `{ region, ...at('${endpoint}') }`;
    const names = ops.map((op) => (service === 'dynamodb' ? documentCommands[op] : `${op}Command`));
    if (names.includes(undefined))
      throw new Error(`No bare command for ${service} ${ops.join(', ')}`);
    if (service === 'dynamodb') {
      imports.push(`import { ${client} } from '${module}';`);
      imports.push(
        `import { DynamoDBDocumentClient, ${names.join(', ')} } from '@aws-sdk/lib-dynamodb';`,
      );
      setup.push(
        `const dynamodb = DynamoDBDocumentClient.from(new ${client}(${config}), { marshallOptions: { removeUndefinedValues: true } });`,
      );
    } else {
      imports.push(`import { ${client}, ${names.join(', ')} } from '${module}';`);
      setup.push(`const ${service} = new ${client}(${config});`);
    }
    ops.forEach((op, index) => {
      commands.push(`  '${service} ${op}': [${service}, ${names[index]}],`);
    });
  }
  if (extras.includes('verifyToken')) {
    imports.push("import { JwtRsaVerifier } from 'aws-jwt-verify';");
    imports.push("import { SimpleJwksCache } from 'aws-jwt-verify/jwk';");
    // node:http, as aws-jwt-verify's own (https-only) fetcher does; the emulator serves plain http.
    imports.push("import { get } from 'node:http';");
    setup.push(
      'const fetchJwks = (uri) => new Promise((resolve, reject) => get(uri, (response) => {',
      '  const chunks = [];',
      "  response.on('data', (chunk) => chunks.push(chunk));",
      "  response.on('end', () => { const body = Buffer.concat(chunks); resolve(body.buffer.slice(body.byteOffset, body.byteOffset + body.length)); });",
      "}).on('error', reject));",
      'const verifier = JwtRsaVerifier.create(',
      '  { issuer: process.env.TOKEN_ISSUER, audience: process.env.USER_POOL_CLIENT_ID, jwksUri: process.env.TOKEN_JWKS_URI },',
      '  { jwksCache: new SimpleJwksCache({ fetcher: { fetch: fetchJwks } }) },',
      ');',
    );
  }
  if (extras.includes('presignDownload')) {
    imports.push(
      "import { S3Client as PresignS3, GetObjectCommand as PresignGet } from '@aws-sdk/client-s3';",
    );
    imports.push("import { getSignedUrl } from '@aws-sdk/s3-request-presigner';");
    setup.push(
      "const presignS3 = new PresignS3({ region, ...at('S3_ENDPOINT'), forcePathStyle: Boolean(process.env.S3_ENDPOINT) });",
      "const objectKeyIn = (value) => value && typeof value === 'object' ? (typeof value.objectKey === 'string' ? value.objectKey : Object.values(value).map(objectKeyIn).find(Boolean)) : undefined;",
    );
  }
  return [
    '// A bare handler, generated by bench/build.ts from the calls its route was seen to make.',
    ...imports,
    'const region = process.env.AWS_REGION;',
    'const at = (name) => (process.env[name] ? { endpoint: process.env[name] } : {});',
    ...setup,
    'const commands = {',
    ...commands,
    '};',
    'export const handler = async (event) => {',
    ...(extras.includes('verifyToken') ? ['  await verifier.verify(event.token);'] : []),
    '  let data = {};',
    '  const consumed = [];',
    '  for (const call of event.calls) {',
    "    const [client, Command] = commands[call.service + ' ' + call.operation];",
    "    const input = event.capacity && call.service === 'dynamodb' ? { ...call.input, ReturnConsumedCapacity: 'INDEXES' } : call.input;",
    '    try {',
    '      const { $metadata, ...rest } = await client.send(new Command(input));',
    '      data = rest;',
    "      if (call.service === 'dynamodb') consumed.push(rest.ConsumedCapacity ?? []);",
    '    } catch (error) {',
    "      // The route's own call failed this way too (a condition it checks); anything else is a bug.",
    '      if (!call.mayFail) throw error;',
    "      if (call.service === 'dynamodb') consumed.push([]);",
    '    }',
    '  }',
    ...(extras.includes('presignDownload')
      ? [
          '  const Key = objectKeyIn(data.Item);',
          '  data = { url: await getSignedUrl(presignS3, new PresignGet({ Bucket: process.env.EXPORTS_BUCKET, Key }), { expiresIn: 900 }) };',
        ]
      : []),
    "  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event.capacity ? consumed : data) };",
    '};',
    '',
  ].join('\n');
}

export function buildBareHandler(
  routeId: string,
  operations: readonly string[],
  extras: readonly BareExtra[],
): Promise<Bundle> {
  return bundleSource(`bare-${routeId}`, bareSource(operations, extras));
}

/** The driver, bundled so plain `node` runs it (no tsx loader in the measured process). */
export async function buildDriver(): Promise<string> {
  const outfile = join(workDir, 'driver.mjs');
  await build({
    entryPoints: [join(benchDir, 'driver.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    absWorkingDir: repoRoot,
    logLevel: 'silent',
  });
  return outfile;
}
