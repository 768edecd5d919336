/**
 * How every function is bundled and started, in one place: the NodejsFunction bundling props CDK
 * uses, the runtime's NODE_OPTIONS, and the translation of those props into esbuild options, so the
 * benchmark (bench/) builds byte-for-byte the bundles CDK deploys (test/infra/bundling.test.ts
 * checks that it does).
 */
import type { BuildOptions } from 'esbuild';

/**
 * Loads CommonJS dependencies from the ESM bundle: esbuild's ESM output has no `require`, and some
 * dependencies (parts of the AWS SDK and Powertools) still call it.
 */
export const esmRequireShim =
  "import { createRequire as __tkCreateRequire } from 'node:module'; const require = __tkCreateRequire(import.meta.url);";

/**
 * The subset of CDK's `BundlingOptions` (aws-cdk-lib/aws-lambda-nodejs) we set. Declared here
 * rather than imported so the benchmark can read it without loading aws-cdk-lib; `satisfies` in
 * service-function.ts proves it is assignable to CDK's type.
 */
export interface FunctionBundling {
  readonly forceDockerBundling: boolean;
  readonly format: 'esm';
  readonly mainFields: readonly string[];
  readonly banner: string;
  readonly target: string;
  readonly minify: boolean;
  readonly sourceMap: boolean;
  readonly sourcesContent: boolean;
  readonly externalModules: readonly string[];
}

/** The bundling of every function (ServiceFunction passes it to NodejsFunction as is). */
export const functionBundling: FunctionBundling = {
  // Local esbuild only: synth and deploy must work on machines without Docker.
  forceDockerBundling: false,
  format: 'esm',
  // Prefer dependencies' ESM builds, which tree-shake better than their CJS ones. Our own modules
  // are declared free of import side effects (package.json "sideEffects": false), so a function
  // bundles, and builds the schemas of, only the modules it uses, not every store of stores.ts.
  mainFields: ['module', 'main'],
  banner: esmRequireShim,
  target: 'node22',
  minify: true,
  sourceMap: true,
  // Line numbers are enough for stack traces; embedding sources doubles the map.
  sourcesContent: false,
  // Bundle the AWS SDK rather than use the runtime's copy, so AWS runs the exact SDK
  // versions the tests ran against (the lib-dynamodb/client-dynamodb pair must match).
  externalModules: [],
};

/**
 * NODE_OPTIONS of every function on Lambda: none. `--enable-source-maps` would map stack traces to
 * our TypeScript, but it makes every cold start read and index the bundle's source map (measured at
 * 4–19 ms a cold start on 2026-11-24); shared/observability/source-maps.ts maps the stacks of the
 * errors we log instead, only when one happens. The maps still ship with each bundle.
 */
export const functionNodeOptions = '';

/** The file name CDK gives an ESM bundle inside the asset directory. */
export const bundleFileName = 'index.mjs';

/**
 * The esbuild options that CDK's local bundling passes on its command line for `bundling` (see
 * `buildEsbuildArgs` in aws-cdk-lib/aws-lambda-nodejs/lib/bundling.js): the same flags, as the
 * JavaScript API spells them. CDK runs esbuild with the project root as working directory, so
 * esbuild finds the same tsconfig.json.
 */
export function esbuildOptionsFor(
  bundling: FunctionBundling,
  entry: string,
  outdir: string,
  projectRoot: string,
): BuildOptions & { outfile: string } {
  return {
    entryPoints: [entry],
    bundle: true,
    target: bundling.target,
    platform: 'node',
    format: bundling.format,
    outfile: `${outdir}/${bundleFileName}`,
    minify: bundling.minify,
    sourcemap: bundling.sourceMap,
    sourcesContent: bundling.sourcesContent,
    external: [...bundling.externalModules],
    banner: { js: bundling.banner },
    mainFields: [...bundling.mainFields],
    absWorkingDir: projectRoot,
    logLevel: 'silent',
  };
}
