/** Names a module path by its package, as the report's bundle table and `--cpu-profile` both show it. */

/**
 * The npm package a path lies in (`@smithy/core`), or `app: <top folder>` for ours (`app: shared`).
 * Takes repo-relative paths (esbuild's metafile) and bundle-relative ones (a source map's
 * `../../../shared/…`) alike.
 */
export function packageOf(path: string): string {
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (modules?.[1]) return modules[1];
  const folder = path
    .split('/')
    .find((segment) => segment !== '' && segment !== '.' && segment !== '..');
  return `app: ${folder ?? path}`;
}
