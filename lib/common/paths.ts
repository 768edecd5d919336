/** The repository root, so function entries from the route table (relative to it) resolve from any cwd. */
import { fileURLToPath } from 'node:url';

export const repoRoot: string = fileURLToPath(new URL('../../', import.meta.url));
