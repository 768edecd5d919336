/** Rules of the codebase that a reviewer would otherwise have to remember. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const applicationFiles = ['shared', 'functions', 'lib', 'bin', 'dev'].flatMap(sourceFiles);

describe('application code', () => {
  it('never scans the table', () => {
    const offenders = applicationFiles.filter((file) =>
      /ScanCommand|paginateScan|['"]dynamodb:Scan['"]/.test(readFileSync(join(root, file), 'utf8')),
    );

    expect(offenders).toEqual([]);
  });

  it('keeps DynamoDB calls out of handlers', () => {
    const offenders = sourceFiles('functions').filter((file) =>
      /@aws-sdk\/(client-dynamodb|lib-dynamodb)/.test(readFileSync(join(root, file), 'utf8')),
    );

    expect(offenders).toEqual([]);
  });

  it('imports zod as a namespace, which lets esbuild drop what a function does not use', () => {
    // `import { z } from 'zod'` makes the bundle build the whole namespace object, every locale
    // included: 440 KB of each function's 480 (bench/report.md, bundles).
    const offenders = applicationFiles.filter((file) =>
      /^import \{[^}]*\bz\b[^}]*\} from 'zod(\/[^']*)?';/m.test(
        readFileSync(join(root, file), 'utf8'),
      ),
    );

    expect(offenders).toEqual([]);
  });

  it('has a handler file for every route in the table', async () => {
    const { routes, authorizerEntry } = await import('#lib/api/routes.ts');
    const entries = [...Object.values(routes).map((route) => route.entry), authorizerEntry];

    for (const entry of entries) expect(statSync(join(root, entry)).isFile()).toBe(true);
  });
});
