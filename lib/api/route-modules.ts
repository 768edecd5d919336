/**
 * Groups the route table into API modules, one nested stack each: a route's module is the folder of
 * its handler (`functions/projects/create.ts` → `projects`), so a new route lands in its module's
 * stack without any edit here, and a new folder becomes a new stack.
 */
import type { RouteDefinition } from '#shared/http/route.ts';

/** The module of a route: the folder under functions/ that holds its handler. */
export function routeModuleOf(route: RouteDefinition): string {
  const folder = route.entry.split('/')[1];
  if (folder === undefined || folder === '' || folder.endsWith('.ts')) {
    throw new Error(`Route entry ${route.entry} is not in a module folder under functions/`);
  }
  return folder;
}

/** The route table by module, in the order the table lists them. */
export function routesByModule(
  routes: Readonly<Record<string, RouteDefinition>>,
): ReadonlyMap<string, Readonly<Record<string, RouteDefinition>>> {
  const modules = new Map<string, Record<string, RouteDefinition>>();
  for (const [routeId, route] of Object.entries(routes)) {
    const module = routeModuleOf(route);
    const members = modules.get(module) ?? {};
    members[routeId] = route;
    modules.set(module, members);
  }
  return modules;
}

/** `/v1/projects/{id}` → `['/v1', '/v1/projects', '/v1/projects/{id}']`. */
export function pathPrefixes(path: string): string[] {
  const parts = path.split('/').filter((part) => part !== '');
  return parts.map((_, index) => `/${parts.slice(0, index + 1).join('/')}`);
}

/**
 * The API resource paths that routes of more than one module sit under (`/v1`): the parent stack
 * owns them, and each module stack owns the rest of its paths.
 */
export function sharedPaths(routes: Readonly<Record<string, RouteDefinition>>): Set<string> {
  const modulesByPath = new Map<string, Set<string>>();
  for (const route of Object.values(routes)) {
    for (const prefix of pathPrefixes(route.path)) {
      const modules = modulesByPath.get(prefix) ?? new Set<string>();
      modules.add(routeModuleOf(route));
      modulesByPath.set(prefix, modules);
    }
  }
  return new Set(
    [...modulesByPath].filter(([, modules]) => modules.size > 1).map(([path]) => path),
  );
}
