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

const applicationFiles = ['shared', 'functions', 'lib', 'bin', 'dev', 'scripts'].flatMap(
  sourceFiles,
);

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

  it('imports zod only as the zod/mini namespace, which lets esbuild drop what a function does not use', () => {
    // Classic `zod` costs every function 85 KB and ~5 ms of cold start even as a namespace import
    // (its methods cannot be tree-shaken); `import { z } from ...` builds the whole namespace
    // object, every locale included: 440 KB of each function's 480. zod/mini is tree-shakable,
    // and shared/validation/english-messages.ts loads its one locale.
    const allowed = new Set([
      "import * as z from 'zod/mini';",
      "import type * as z from 'zod/mini';",
      "import { en } from 'zod/locales';",
    ]);
    const offenders = applicationFiles.flatMap((file) => {
      const text = readFileSync(join(root, file), 'utf8');
      const statements = [
        ...text.matchAll(/^\s*(?:import|export)\b[^;]*?['"]zod(?:\/[^'"]*)?['"];?/gm),
        ...text.matchAll(/\bimport\(\s*['"]zod(?:\/[^'"]*)?['"]\s*\)/g),
        ...text.matchAll(/\brequire\(\s*['"]zod(?:\/[^'"]*)?['"]\s*\)/g),
      ].map(([statement]) => statement.trim());
      return statements
        .filter((statement) => !allowed.has(statement))
        .map((statement) => `${file}: ${statement}`);
    });

    expect(offenders).toEqual([]);
  });

  it('loads the zod locale in one module only', () => {
    const loaders = applicationFiles.filter((file) =>
      /from 'zod\/locales'/.test(readFileSync(join(root, file), 'utf8')),
    );

    expect(loaders).toEqual(['shared/validation/english-messages.ts']);
  });

  it('makes ULIDs only through shared/ids.ts, whose random source is pooled', () => {
    const offenders = applicationFiles.filter(
      (file) =>
        file !== 'shared/ids.ts' &&
        /from ['"]ulid['"]/.test(readFileSync(join(root, file), 'utf8')),
    );

    expect(offenders).toEqual([]);
  });

  it('has a handler file for every route in the table', async () => {
    const { routes, authorizerEntry } = await import('#shared/api/routes.ts');
    const entries = [...Object.values(routes).map((route) => route.entry), authorizerEntry];

    for (const entry of entries) expect(statSync(join(root, entry)).isFile()).toBe(true);
  });
});
