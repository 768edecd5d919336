/** `npm run docs:roles`: rewrites the README's roles table from shared/auth/permissions.ts and the route table. */
import { readFile, writeFile } from 'node:fs/promises';
import { rolesTableMarkdown } from '#shared/auth/permissions.ts';
import { routesByPermission } from './roles-table.ts';

const readmeUrl = new URL('../README.md', import.meta.url);
const start = '<!-- roles-table:start -->';
const end = '<!-- roles-table:end -->';

const readme = await readFile(readmeUrl, 'utf8');
const from = readme.indexOf(start);
const to = readme.indexOf(end);
if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} section`);
const table = rolesTableMarkdown(routesByPermission());
await writeFile(
  readmeUrl,
  `${readme.slice(0, from + start.length)}\n${table}\n${readme.slice(to)}`,
);
console.log('README.md roles table updated');
