/**
 * Stack traces in our own source without Node's `--enable-source-maps`. That flag reads and indexes
 * the bundle's source map on every cold start (bench/report.md measures what it costs), yet a stack
 * trace only needs mapping when an unexpected error is logged, which is rare. This maps it then,
 * from the `.map` file CDK ships beside the bundle. Where there is no map (tests, `npm start`,
 * or a runtime that already mapped the stack) the stack comes back unchanged.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const maps = new Map<string, SourceMap | undefined>();

function sourceMapOf(file: string): SourceMap | undefined {
  if (!maps.has(file)) {
    let map: SourceMap | undefined;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = undefined;
    }
    maps.set(file, map);
  }
  return maps.get(file);
}

/** `file:///var/task/index.mjs:1:2345` or `/var/task/index.mjs:1:2345` in a stack frame. */
const bundleFrame = /(file:\/\/\/[^\s()]+?\.m?js|\/[^\s():]+?\.m?js):(\d+):(\d+)/g;

/** `../../../shared/http/api-handler.ts` → `shared/http/api-handler.ts`, and short node_modules paths. */
function shortSource(source: string): string {
  return source
    .replace(/^file:\/\//, '')
    .replace(/^(?:\.\.\/)+/, '')
    .replace(/^.*\/node_modules\//, 'node_modules/');
}

/** `stack` with every bundle position that has a source map replaced by its TypeScript position. */
export function sourceMappedStack(stack: string): string {
  return stack.replace(bundleFrame, (match, location: string, line: string, column: string) => {
    const file = location.startsWith('file://') ? fileURLToPath(location) : location;
    const entry = sourceMapOf(file)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (entry === undefined || !('originalSource' in entry)) return match;
    return `${shortSource(entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

/** The same error, its stack mapped to our source: for errors about to be logged or rethrown. */
export function withSourceMappedStack<E>(error: E): E {
  if (error instanceof Error && typeof error.stack === 'string') {
    error.stack = sourceMappedStack(error.stack);
  }
  return error;
}
