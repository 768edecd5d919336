/**
 * Builds what the bench runs: each function's bundle with the esbuild options CDK uses (one source,
 * lib/common/bundling.ts), the same bundle without Tracer and Metrics (to price them), the bare
 * handlers and the driver. A bare handler is generated from the calls a route was seen to make:
 * bare SDK clients, one command per operation, nothing else — what a careful engineer writes
 * without our framework. The one that makes no call is the empty handler.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { bundleFileName, esbuildOptionsFor, functionBundling } from '#lib/common/bundling.ts';
import { repoRoot } from '#lib/common/paths.ts';
import type { ServiceName } from './replay.ts';

export const benchDir: string = fileURLToPath(new URL('.', import.meta.url));
/** Bundles, generated bare handlers, the driver, raw results and a partial run's report; gitignored. */
export const workDir: string = fileURLToPath(new URL('./.work/', import.meta.url));

export interface BundleStats {
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface Bundle {
  readonly file: string;
  readonly stats: BundleStats;
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
      contents: `const inert = () => new Proxy({}, { get: (_, name) => name === 'then' ? undefined : name === 'captureAWSv3Client' ? (client) => client : () => undefined });
export class Tracer { constructor() { return inert(); } }
export class Metrics { constructor() { return inert(); } }
export const MetricUnit = new Proxy({}, { get: (_, name) => name });
export const captureLambdaHandler = () => ({ before: () => undefined });`,
    }));
  },
};

/**
 * Bundles each entry (name → absolute path) into `<workDir>/bundles/<name>/` exactly as CDK would,
 * or with Tracer and Metrics inert (`observability: false`). One esbuild run for all: it parses each
 * module once, and an entry's bytes are those of a build of its own (as CDK's).
 */
export async function bundle(
  entries: Readonly<Record<string, string>>,
  observability = true,
): Promise<Map<string, Bundle>> {
  if (Object.keys(entries).length === 0) return new Map();
  const outdir = join(workDir, 'bundles');
  const {
    entryPoints: _,
    outfile: __,
    ...options
  } = esbuildOptionsFor(functionBundling, '', outdir, repoRoot);
  const out = (name: string): string => `${name}/${bundleFileName.replace(/\.mjs$/, '')}`;
  await Promise.all(
    Object.keys(entries).map((name) => rm(join(outdir, name), { recursive: true, force: true })),
  );
  await build({
    ...options,
    entryPoints: Object.entries(entries).map(([name, entry]) => ({ in: entry, out: out(name) })),
    outdir,
    outExtension: { '.js': '.mjs' },
    ...(!observability && { plugins: [inertObservability] }),
  });
  const built = Object.keys(entries).map(async (name): Promise<[string, Bundle]> => {
    const file = join(outdir, name, bundleFileName);
    const code = await readFile(file);
    return [name, { file, stats: { bytes: code.length, gzipBytes: gzipSync(code).length } }];
  });
  return new Map(await Promise.all(built));
}

/** What a bare handler does besides its calls, because the route's contract demands it too. */
export type BareExtra = 'verifyToken' | 'presignDownload';

/** Each service's client: package, class, and the variable naming its local endpoint. */
const clients = {
  dynamodb: '@aws-sdk/client-dynamodb DynamoDBClient DYNAMODB_ENDPOINT',
  cognito:
    '@aws-sdk/client-cognito-identity-provider CognitoIdentityProviderClient COGNITO_ENDPOINT',
  sqs: '@aws-sdk/client-sqs SQSClient SQS_ENDPOINT',
  secretsmanager: '@aws-sdk/client-secrets-manager SecretsManagerClient SECRETS_MANAGER_ENDPOINT',
} satisfies Record<ServiceName, string>;

const extraSources: Readonly<Record<BareExtra, { setup: string; before: string; after: string }>> =
  {
    // node:http, as aws-jwt-verify's own (https-only) fetcher does; the emulator serves plain http.
    verifyToken: {
      setup: `import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { get } from 'node:http';
const fetchJwks = (uri) => new Promise((resolve, reject) => get(uri, (response) => {
  const chunks = [];
  response.on('data', (chunk) => chunks.push(chunk));
  response.on('end', () => { const body = Buffer.concat(chunks); resolve(body.buffer.slice(body.byteOffset, body.byteOffset + body.length)); });
}).on('error', reject));
const verifier = JwtRsaVerifier.create(
  { issuer: process.env.TOKEN_ISSUER, audience: process.env.USER_POOL_CLIENT_ID, jwksUri: process.env.TOKEN_JWKS_URI },
  { jwksCache: new SimpleJwksCache({ fetcher: { fetch: fetchJwks } }) },
);`,
      before: 'await verifier.verify(event.token);',
      after: '',
    },
    presignDownload: {
      setup: `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
const s3 = new S3Client({ region, ...at('S3_ENDPOINT'), forcePathStyle: Boolean(process.env.S3_ENDPOINT) });
const objectKeyIn = (value) => value && typeof value === 'object' ? (typeof value.objectKey === 'string' ? value.objectKey : Object.values(value).map(objectKeyIn).find(Boolean)) : undefined;`,
      before: '',
      after: `data = { url: await getSignedUrl(s3, new GetObjectCommand({ Bucket: process.env.EXPORTS_BUCKET, Key: objectKeyIn(data.Item) }), { expiresIn: 900 }) };`,
    },
  };

/**
 * The source of a bare handler that can make `operations` (`dynamodb GetItem`, …). Its event is
 * `{calls, token?, capacity?}`: it makes the calls in order and answers the last result as JSON
 * (with `capacity`, the consumed capacity of each DynamoDB call instead, asked for in untimed runs).
 * DynamoDB goes through the document client, as the functions' code does.
 */
export function bareSource(operations: readonly string[], extras: readonly BareExtra[]): string {
  const byService = new Map<ServiceName, string[]>();
  for (const key of new Set(operations)) {
    const [service, operation = ''] = key.split(' ') as [ServiceName, string];
    byService.set(service, [...(byService.get(service) ?? []), operation]);
  }
  const setup = [...byService].map(([service, ops]) => {
    const [module, client, endpoint] = clients[service].split(' ');
    const config = `{ region, ...at('${endpoint}') }`;
    // GetItem → GetCommand, TransactWriteItems → TransactWriteCommand: the document client's names.
    const names = ops.map(
      (op) => `${service === 'dynamodb' ? op.replace(/Items?$/, '') : op}Command`,
    );
    const table = ops.map((op, n) => `commands['${service} ${op}'] = [${service}, ${names[n]}];`);
    return service === 'dynamodb'
      ? `import { ${client} } from '${module}';
import { DynamoDBDocumentClient, ${names.join(', ')} } from '@aws-sdk/lib-dynamodb';
const dynamodb = DynamoDBDocumentClient.from(new ${client}(${config}), { marshallOptions: { removeUndefinedValues: true } });
${table.join('\n')}`
      : `import { ${client}, ${names.join(', ')} } from '${module}';
const ${service} = new ${client}(${config});
${table.join('\n')}`;
  });
  const extra = (part: 'setup' | 'before' | 'after') =>
    extras.map((name) => extraSources[name][part]).join('\n');
  return `// A bare handler, generated by bench/build.ts from the calls its route was seen to make.
const region = process.env.AWS_REGION;
const at = (name) => (process.env[name] ? { endpoint: process.env[name] } : {});
const commands = {};
${setup.join('\n')}
${extra('setup')}
export const handler = async (event) => {
  ${extra('before')}
  let data = {};
  const consumed = [];
  for (const call of event.calls) {
    const [client, Command] = commands[call.service + ' ' + call.operation];
    const input = event.capacity && call.service === 'dynamodb' ? { ...call.input, ReturnConsumedCapacity: 'INDEXES' } : call.input;
    try {
      const { $metadata, ...rest } = await client.send(new Command(input));
      data = rest;
      if (call.service === 'dynamodb') consumed.push(rest.ConsumedCapacity ?? []);
    } catch (error) {
      // The route's own call failed this way too (a condition it checks); anything else is a bug.
      if (!call.mayFail) throw error;
      if (call.service === 'dynamodb') consumed.push([]);
    }
  }
  ${extra('after')}
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event.capacity ? consumed : data) };
};
`;
}

const bareBundles = new Map<string, Promise<Bundle>>();

/** The bare handler that makes `operations`, built once per distinct source. */
export function bareHandler(
  operations: readonly string[],
  extras: readonly BareExtra[] = [],
): Promise<Bundle> {
  const code = bareSource([...operations].sort(), extras);
  const name = `bare-${createHash('sha256').update(code).digest('hex').slice(0, 12)}`;
  const built =
    bareBundles.get(code) ??
    (async () => {
      const entry = join(workDir, 'sources', `${name}.mjs`);
      await mkdir(join(workDir, 'sources'), { recursive: true });
      await writeFile(entry, code);
      return (await bundle({ [name]: entry })).get(name) as Bundle;
    })();
  bareBundles.set(code, built);
  return built;
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
