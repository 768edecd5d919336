/** Stack traces mapped from a bundle's own source map, only when an error is logged or rethrown. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFileName, esbuildOptionsFor, functionBundling } from '#lib/common/bundling.ts';
import { repoRoot } from '#lib/common/paths.ts';
import { sourceMappedStack, withSourceMappedStack } from '#shared/observability/source-maps.ts';

let dir: string;
/** A stack frame at the `throw` of the bundled module, as Node prints it without source maps. */
let bundleFrame: string;

beforeAll(async () => {
  // A module bundled exactly as the functions are: minified ESM, its map beside it, no sources.
  // (Vitest maps stacks itself, so the frame is built from the bundle text, as Lambda prints it.)
  dir = mkdtempSync(join(tmpdir(), 'tenantkit-source-maps-'));
  const entry = join(dir, 'thrower.ts');
  writeFileSync(entry, "export function fail(): never {\n  throw new Error('boom');\n}\n");
  const outdir = join(dir, 'out');
  await build(esbuildOptionsFor(functionBundling, entry, outdir, repoRoot));
  const file = join(outdir, bundleFileName);
  const lines = readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((text) => text.includes('throw'));
  const column = (lines[line] ?? '').indexOf('throw');
  bundleFrame = `${pathToFileURL(file).href}:${line + 1}:${column + 1}`;
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('sourceMappedStack', () => {
  it('maps a position in a bundle to the source file and line', () => {
    // Prepare
    const stack = `Error: boom\n    at o (${bundleFrame})\n    at node:internal/main:1:1`;

    // Act
    const mapped = sourceMappedStack(stack);

    // Assess
    expect(mapped).toMatch(
      /^Error: boom\n {4}at o \(thrower\.ts:2:\d+\)\n {4}at node:internal\/main:1:1$/,
    );
  });

  it('leaves frames without a source map as they are', () => {
    // Prepare
    const stack =
      'Error: boom\n    at run (/nowhere/app.mjs:1:20)\n    at node:internal/process:1:1';

    // Act
    const mapped = sourceMappedStack(stack);

    // Assess
    expect(mapped).toBe(stack);
  });

  it('rewrites the stack of the error it is given and returns that error', () => {
    // Prepare
    const error = new Error('boom');
    error.stack = `Error: boom\n    at ${bundleFrame}`;

    // Act
    const returned = withSourceMappedStack(error);

    // Assess
    expect(returned).toBe(error);
    expect(error.stack).toMatch(/at thrower\.ts:2:\d+$/);
    expect(error.message).toBe('boom');
  });
});
