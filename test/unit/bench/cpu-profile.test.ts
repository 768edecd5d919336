/** `--cpu-profile`'s summary: samples mapped through the bundle's source map to their packages. */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { cpuByPackage, cpuShareTable, sampleSourceName } from '../../../bench/cpu-profile.ts';

describe('sampleSourceName', () => {
  it("names scoped and plain packages, our folders, and the bench's own code", () => {
    expect(sampleSourceName('../../node_modules/@smithy/core/dist-es/index.js')).toBe(
      '@smithy/core',
    );
    expect(sampleSourceName('node_modules/zod/v4/core/schemas.js')).toBe('zod');
    expect(sampleSourceName('../../../shared/http/cursor.ts')).toBe('app: shared');
    expect(sampleSourceName('functions/projects/get.ts')).toBe('app: functions');
    expect(sampleSourceName('../../baseline-sources/getProject.mjs')).toBe('bare handler');
    expect(sampleSourceName('/repo/bench/.work/drivers/warm.mjs')).toBe('bench driver');
    expect(sampleSourceName('shared/http/cursor.ts')).toBe('app: shared');
  });
});

describe('cpuByPackage', () => {
  it('charges each sample to the package its bundle position maps to, per request', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cpu-profile-'));
    await mkdir(join(dir, 'node_modules', 'lib-a'), { recursive: true });
    await mkdir(join(dir, 'shared'), { recursive: true });
    await writeFile(
      join(dir, 'node_modules', 'lib-a', 'index.js'),
      'export function a(x) {\n  return x * 2;\n}\n',
    );
    await writeFile(
      join(dir, 'shared', 'main.js'),
      "import { a } from 'lib-a';\nexport function handler(x) {\n  return a(x) + 1;\n}\n",
    );
    const bundle = join(dir, 'index.mjs');
    await build({
      entryPoints: [join(dir, 'shared', 'main.js')],
      outfile: bundle,
      bundle: true,
      format: 'esm',
      sourcemap: true,
      absWorkingDir: dir,
      logLevel: 'silent',
    });
    const lines = (await readFile(bundle, 'utf8')).split('\n');
    const at = (text: string) => {
      const line = lines.findIndex((l) => l.includes(text));
      return { lineNumber: line, columnNumber: (lines[line] ?? '').indexOf(text) };
    };
    const url = pathToFileURL(bundle).href;
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1, columnNumber: -1 } },
        { id: 2, callFrame: { functionName: '(idle)', url: '', lineNumber: -1, columnNumber: -1 } },
        { id: 3, callFrame: { functionName: 'a', url, ...at('x * 2') } },
        { id: 4, callFrame: { functionName: 'handler', url, ...at('a(x) + 1') } },
        {
          id: 5,
          callFrame: { functionName: 'write', url: 'node:net', lineNumber: 1, columnNumber: 1 },
        },
      ],
      // Each sample lasts until the next one: 100 µs each, the idle one not counted.
      samples: [3, 3, 4, 5, 2, 3],
      timeDeltas: [0, 100, 100, 100, 100, 100, 100],
    };
    const profileFile = join(dir, 'fn.cpuprofile');
    await writeFile(profileFile, JSON.stringify(profile));

    const shares = await cpuByPackage(profileFile, bundle, 2);

    expect(shares).toEqual([
      { name: 'lib-a', usPerRequest: 150 },
      { name: 'app: shared', usPerRequest: 50 },
      { name: 'node', usPerRequest: 50 },
    ]);
    expect(cpuShareTable('fn', shares, [{ name: 'node', usPerRequest: 20 }])).toContain(
      '| **all** | 250 | 20 | 230 |',
    );
  });
});
