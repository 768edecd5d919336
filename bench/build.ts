/**
 * Builds what the bench runs: every function bundle with the esbuild options CDK uses (one source,
 * lib/common/bundling.ts), the baselines with the same options, and the driver scripts. Also
 * measures each bundle: minified and gzip size, source map size, and the heaviest packages.
 */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { bundleFileName, esbuildOptionsFor, functionBundling } from '#lib/common/bundling.ts';
import { repoRoot } from '#lib/common/paths.ts';
import { benchDir, workDir } from './config.ts';
import { type RecordedCall, type ServiceName, sdkServices } from './instrument.ts';
import { packageOf } from './package-names.ts';
import { documentCommandNames } from './world.ts';

export interface ModuleWeight {
  /** A package name, or `app: <top-level folder>` for our own code. */
  readonly name: string;
  readonly bytes: number;
}

export interface BundleStats {
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly sourceMapBytes: number;
  /** The packages that weigh most in the minified output, heaviest first. */
  readonly heaviest: readonly ModuleWeight[];
}

export interface BuiltBundle {
  /** The bundle file (index.mjs). */
  readonly file: string;
  readonly stats: BundleStats;
}

function heaviestOf(metafile: Metafile, top = 8): ModuleWeight[] {
  const output = Object.values(metafile.outputs).find((entry) => entry.entryPoint !== undefined);
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const name = packageOf(input);
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  return [...byPackage]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
}

/** Bundles `entry` (absolute) into `<workDir>/bundles/<name>/` exactly as CDK would. */
export async function buildFunctionBundle(name: string, entry: string): Promise<BuiltBundle> {
  const outdir = join(workDir, 'bundles', name);
  await rm(outdir, { recursive: true, force: true });
  // metafile only adds a report; the output bytes stay CDK's (test/infra/bundling.test.ts).
  const result = await build({
    ...esbuildOptionsFor(functionBundling, entry, outdir, repoRoot),
    metafile: true,
  });
  const file = join(outdir, bundleFileName);
  const code = await readFile(file);
  const sourceMap = await stat(`${file}.map`).catch(() => undefined);
  return {
    file,
    stats: {
      bytes: code.byteLength,
      gzipBytes: gzipSync(code).byteLength,
      sourceMapBytes: sourceMap?.size ?? 0,
      heaviest: heaviestOf(result.metafile),
    },
  };
}

export function emptyBaselineEntry(): string {
  return join(benchDir, 'baselines', 'empty.ts');
}

/** The (service, operation) pairs a function's calls use, in first-seen order. */
export function operationsOf(
  calls: readonly RecordedCall[],
): { service: ServiceName; operation: string }[] {
  const seen = new Map<string, { service: ServiceName; operation: string }>();
  for (const call of calls) seen.set(`${call.service} ${call.operation}`, call);
  return [...seen.values()];
}

const clientVariable = (service: ServiceName): string => `${service}Client`;

/**
 * The source of a bare baseline for a function that makes `operations`: bare SDK clients, one
 * command import per operation, a handler that replays the calls it is given and answers their
 * last result as JSON. What a careful engineer writes without our framework, call for call.
 */
/** What the bare handler does besides replaying the calls, because the function must do it too. */
export interface BaselineExtras {
  /** Verifies the caller's token first (the authorizer). */
  readonly verifiesToken: boolean;
  /** Pre-signs a GET URL for the `result.objectKey` of the item it read, as the export download must. */
  readonly presignsDownload: boolean;
}

export function bareBaselineSource(
  functionId: string,
  operations: readonly { service: ServiceName; operation: string }[],
  { verifiesToken, presignsDownload }: BaselineExtras,
): string {
  const imports: string[] = [];
  const clients: string[] = [];
  const senders: string[] = [];
  const services = [...new Set(operations.map((entry) => entry.service))];
  for (const service of services) {
    const ops = operations
      .filter((entry) => entry.service === service)
      .map((entry) => entry.operation);
    const variable = clientVariable(service);
    const config = `{ region, ...at('${sdkServices[service].endpointVariable}') }`;
    if (service === 'dynamodb') {
      const names = ops.map((op) => {
        const name = documentCommandNames[op];
        if (name === undefined) throw new Error(`${functionId}: no document command for ${op}`);
        return name;
      });
      imports.push("import { DynamoDBClient } from '@aws-sdk/client-dynamodb';");
      imports.push(
        `import { DynamoDBDocumentClient, ${[...new Set(names)].join(', ')} } from '@aws-sdk/lib-dynamodb';`,
      );
      clients.push(
        `const ${variable} = DynamoDBDocumentClient.from(new DynamoDBClient(${config}), { marshallOptions: { removeUndefinedValues: true } });`,
      );
      ops.forEach((op, index) => {
        senders.push(
          `  'dynamodb ${op}': (input) => ${variable}.send(new ${names[index]}(input)),`,
        );
      });
    } else {
      const design = sdkServices[service];
      if (!('clientClass' in design)) throw new Error(`${service} has no client class`);
      const commands = ops.map((op) => `${op}Command`);
      imports.push(
        `import { ${design.clientClass}, ${[...new Set(commands)].join(', ')} } from '${design.packageName}';`,
      );
      clients.push(`const ${variable} = new ${design.clientClass}(${config});`);
      ops.forEach((op, index) => {
        senders.push(
          `  '${service} ${op}': (input) => ${variable}.send(new ${commands[index]}(input)),`,
        );
      });
    }
  }
  if (verifiesToken) {
    imports.push("import { JwtRsaVerifier } from 'aws-jwt-verify';");
    imports.push("import { SimpleJwksCache } from 'aws-jwt-verify/jwk';");
    // node:http as aws-jwt-verify's own (https-only) fetcher does; the emulator serves plain http.
    imports.push("import { get } from 'node:http';");
    clients.push(
      [
        'const fetchJwks = (uri) => new Promise((resolve, reject) => get(uri, (response) => {',
        '  const chunks = [];',
        "  response.on('data', (chunk) => chunks.push(chunk));",
        "  response.on('end', () => { const body = Buffer.concat(chunks); resolve(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength)); });",
        "}).on('error', reject));",
        'const verifier = JwtRsaVerifier.create(',
        '  { issuer: process.env.TOKEN_ISSUER, audience: process.env.USER_POOL_CLIENT_ID, jwksUri: process.env.TOKEN_JWKS_URI },',
        '  { jwksCache: new SimpleJwksCache({ fetcher: { fetch: fetchJwks } }) },',
        ');',
      ].join('\n'),
    );
  }
  if (presignsDownload) {
    // Own local names: the function's recorded calls may import S3Client for other operations.
    imports.push(
      "import { S3Client as PresignClient, GetObjectCommand as PresignedGet } from '@aws-sdk/client-s3';",
    );
    imports.push("import { getSignedUrl } from '@aws-sdk/s3-request-presigner';");
    clients.push(
      "const presignClient = new PresignClient({ region, ...at('S3_ENDPOINT'), forcePathStyle: Boolean(process.env.S3_ENDPOINT) });",
    );
  }
  return [
    `// Bare baseline of ${functionId}, generated by bench/build.ts from the calls it was seen to make.`,
    ...imports,
    '',
    'const region = process.env.AWS_REGION;',
    'const at = (name) => (process.env[name] ? { endpoint: process.env[name] } : {});',
    ...clients,
    'const send = {',
    ...senders,
    '};',
    '',
    'export const handler = async (event) => {',
    ...(verifiesToken ? ['  await verifier.verify(event.token);'] : []),
    '  let data = {};',
    '  for (const call of event.calls) {',
    '    try {',
    "      const { $metadata, ...rest } = await send[call.service + ' ' + call.operation](call.input);",
    '      data = rest;',
    '    } catch (error) {',
    "      // The route's own call failed this way too (a condition it checks); anything else is a bug.",
    '      if (!call.error) throw error;',
    '    }',
    '  }',
    ...(presignsDownload
      ? [
          '  const Key = data.Item?.result?.objectKey;',
          '  data = { downloadUrl: await getSignedUrl(presignClient, new PresignedGet({ Bucket: process.env.EXPORTS_BUCKET, Key }), { expiresIn: 900 }) };',
        ]
      : []),
    "  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) };",
    '};',
    '',
  ].join('\n');
}

/** Writes the generated baseline of `functionId` and bundles it like a function. */
export async function buildBareBaseline(
  functionId: string,
  operations: readonly { service: ServiceName; operation: string }[],
  extras: BaselineExtras,
): Promise<BuiltBundle> {
  const sourceDir = join(workDir, 'baseline-sources');
  await mkdir(sourceDir, { recursive: true });
  const entry = join(sourceDir, `${functionId}.mjs`);
  await writeFile(entry, bareBaselineSource(functionId, operations, extras));
  return buildFunctionBundle(`bare-${functionId}`, entry);
}

export interface Drivers {
  readonly cold: string;
  readonly warm: string;
  readonly bareServer: string;
  readonly gatewayServer: string;
}

/** Bundles the driver scripts (plain node can run them) and the bare server (as a function is). */
export async function buildDrivers(): Promise<Drivers> {
  const outdir = join(workDir, 'drivers');
  const driver = async (name: string): Promise<string> => {
    const outfile = join(outdir, `${name}.mjs`);
    await build({
      entryPoints: [join(benchDir, 'drivers', `${name}.ts`)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      absWorkingDir: repoRoot,
      logLevel: 'silent',
    });
    return outfile;
  };
  const [cold, warm, bareServer] = await Promise.all([
    driver('cold'),
    driver('warm'),
    buildFunctionBundle('bare-server', join(benchDir, 'drivers', 'bare-server.ts')).then(
      (bundle) => bundle.file,
    ),
  ]);
  return {
    cold,
    warm,
    bareServer,
    gatewayServer: join(benchDir, 'drivers', 'gateway-server.ts'),
  };
}

/** A path relative to the repository, for the report. */
export function repoPath(file: string): string {
  return relative(repoRoot, file);
}
