/**
 * The bench builds every function in one esbuild run (each module parsed once); each bundle must
 * still be the bytes of a build of its own, which is what CDK makes (test/infra/bundling.test.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { bundle } from '#bench/build.ts';
import { bundleFileName, esbuildOptionsFor, functionBundling } from '#lib/common/bundling.ts';
import { repoRoot } from '#lib/common/paths.ts';
import { routes } from '#shared/api/routes.ts';

const dir = mkdtempSync(join(tmpdir(), 'tenantkit-bench-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bundling every function at once', () => {
  it('gives each function the bytes of a build of its own', async () => {
    const entries = {
      'unit-test-health': join(repoRoot, routes.health.entry),
      'unit-test-get-project': join(repoRoot, routes.getProject.entry),
    };

    const together = await bundle(entries);

    for (const [name, entry] of Object.entries(entries)) {
      await build(esbuildOptionsFor(functionBundling, entry, join(dir, name), repoRoot));
      const alone = readFileSync(join(dir, name, bundleFileName));
      expect(readFileSync(together.get(name)?.file ?? '').equals(alone)).toBe(true);
      rmSync(join(together.get(name)?.file ?? '', '..'), { recursive: true, force: true });
    }
  }, 60_000);
});
