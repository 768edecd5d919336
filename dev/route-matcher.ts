/** Matches request paths against the route table's API Gateway path templates. */
import type { HttpMethod, RouteDefinition } from '#shared/http/route.ts';

export interface RouteMatch {
  readonly route: RouteDefinition;
  readonly pathParameters: Record<string, string> | null;
}

interface CompiledRoute {
  readonly route: RouteDefinition;
  readonly pattern: RegExp;
  readonly parameterNames: readonly string[];
}

function compile(route: RouteDefinition): CompiledRoute {
  const parameterNames: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (!parameter?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      parameterNames.push(parameter[1]);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}/?$`), parameterNames };
}

export function createRouteMatcher(
  routes: readonly RouteDefinition[],
): (method: string, path: string) => RouteMatch | undefined {
  // Literal segments win over parameters, as in API Gateway: /v1/members/me before /v1/members/{id}.
  const compiled = routes
    .map(compile)
    .sort((a, b) => a.parameterNames.length - b.parameterNames.length);
  return (method, path) => {
    for (const candidate of compiled) {
      if (candidate.route.method !== (method.toUpperCase() as HttpMethod)) continue;
      const match = candidate.pattern.exec(path);
      if (!match) continue;
      if (candidate.parameterNames.length === 0)
        return { route: candidate.route, pathParameters: null };
      const pathParameters: Record<string, string> = {};
      candidate.parameterNames.forEach((name, index) => {
        pathParameters[name] = decodeURIComponent(match[index + 1] ?? '');
      });
      return { route: candidate.route, pathParameters };
    }
    return undefined;
  };
}
