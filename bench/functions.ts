/**
 * The functions under test, derived from the route table (every route, plus the authorizer), with
 * the memory size the CDK stack gives each, read from the constructs themselves.
 */
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { createTenantKitApp } from '#lib/app.ts';
import { authorizerEntry, routes } from '#shared/api/routes.ts';
import type { RouteDefinition } from '#shared/http/route.ts';

export const authorizerId = 'authorizer';

export interface FunctionUnderTest {
  /** The route id of shared/api/routes.ts, or `authorizer`. */
  readonly id: string;
  /** Handler module, relative to the repository root. */
  readonly entry: string;
  /** Undefined for the authorizer. */
  readonly route: RouteDefinition | undefined;
  /** `GET /v1/me`, or `authorizer`. */
  readonly label: string;
  /** Lambda memory size in MB, as CDK configures it. */
  readonly memoryMb: number;
}

/** Memory per function id, from the app the CLI would synthesize (without bundling or cdk-nag). */
function memorySizes(): Map<string, number> {
  const { stack } = createTenantKitApp({
    context: { stage: 'prod', 'aws:cdk:bundling-stacks': [] },
    nagChecks: false,
  });
  const sizes = new Map<string, number>();
  const functions = { ...stack.api.functions, [authorizerId]: stack.api.authorizerFunction };
  for (const [id, fn] of Object.entries(functions)) {
    const memory = (fn.node.defaultChild as CfnFunction).memorySize;
    // Lambda's own default when a function sets none.
    sizes.set(id, typeof memory === 'number' ? memory : 128);
  }
  return sizes;
}

/** Every function of the stack, in route-table order, the authorizer last. */
export function functionsUnderTest(only?: readonly string[]): FunctionUnderTest[] {
  const memory = memorySizes();
  const all: FunctionUnderTest[] = [
    ...Object.entries(routes as Readonly<Record<string, RouteDefinition>>).map(([id, route]) => ({
      id,
      entry: route.entry,
      route,
      label: `${route.method} ${route.path}`,
      memoryMb: memory.get(id) ?? 128,
    })),
    {
      id: authorizerId,
      entry: authorizerEntry,
      route: undefined,
      label: 'authorizer',
      memoryMb: memory.get(authorizerId) ?? 128,
    },
  ];
  return only === undefined ? all : all.filter((fn) => only.includes(fn.id));
}
