/**
 * Room to grow: CloudFormation refuses a template of more than 500 resources, so every template of
 * the app (the parent stack and each API module's nested stack) must stay under 80 % of that, today
 * and with 100 routes.
 */
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { routeModuleOf } from '#lib/api/route-modules.ts';
import { stageSettings } from '#lib/common/stage.ts';
import { TenantKitStack } from '#lib/tenant-kit-stack.ts';
import { routes } from '#shared/api/routes.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import {
  everySetting,
  resourceCountsByTemplate,
  skipBundling,
  stageContext,
  synthStage,
} from './synth.ts';

/** What CDK does not read of a route: its docs and answer. */
const syntheticSpec = {
  docs: { summary: 'A synthetic route', tag: 'Tests' },
  response: { status: 200, description: 'Anything' },
} as const;

/** CloudFormation's hard limit of resources per template. */
const resourceLimit = 500;
const line = 0.8 * resourceLimit;

/**
 * The real table plus synthetic routes up to `count`, spread over the existing modules (each uses a
 * real handler of its module, so it lands in that module's stack) with a mix of bindings.
 */
function routeTableOf(count: number): Record<string, RouteDefinition> {
  const entriesByModule = new Map<string, RouteDefinition['entry']>();
  for (const route of Object.values(routes)) entriesByModule.set(routeModuleOf(route), route.entry);
  const modules = [...entriesByModule];
  const table: Record<string, RouteDefinition> = { ...routes };
  for (let index = Object.keys(routes).length; index < count; index += 1) {
    const [module, entry] = modules[index % modules.length] ?? ['me', 'functions/me/get.ts'];
    table[`synthetic${index}`] = {
      method: index % 2 === 0 ? 'GET' : 'POST',
      path: `/v1/${module}/synthetic-${index}/{id}`,
      entry,
      auth: 'tenant',
      minRole: 'viewer',
      table: index % 3 === 0 ? 'readWrite' : 'read',
      ...syntheticSpec,
      ...(index % 4 === 0 && { cursors: true }),
      ...(index % 5 === 0 && { queues: ['critical'] as const }),
    };
  }
  return table;
}

/** The templates above the line, with their counts (empty when all fit). */
function overTheLine(counts: ReadonlyMap<string, number>): [string, number][] {
  return [...counts].filter(([, count]) => count > line);
}

/** Every optional setting on by default: CORS adds a preflight method per path. */
function synthesizeWith(
  table: Record<string, RouteDefinition>,
  settings: Readonly<Record<string, string>> = everySetting,
): TenantKitStack {
  return new TenantKitStack(new App({ context: skipBundling }), 'TenantKit-routes', {
    stage: stageSettings((key) => stageContext('prod', settings)[key]),
    routes: table,
  });
}

describe('template size', () => {
  it('keeps every template of the app under 80 % of the 500-resource limit', () => {
    // Act
    const counts = resourceCountsByTemplate(synthStage('prod', false, everySetting).stack);

    // Assess
    expect(counts.size).toBeGreaterThan(1);
    expect(overTheLine(counts)).toEqual([]);
  });

  it('holds 100 routes with every template still under that line', () => {
    // Prepare
    const table = routeTableOf(100);

    // Act
    const stack = synthesizeWith(table);
    const counts = resourceCountsByTemplate(stack);

    // Assess
    expect(Object.keys(stack.api.functions)).toHaveLength(100);
    expect(overTheLine(counts)).toEqual([]);
  });

  it('finds a module that outgrew the line, so the checks above can fail', () => {
    // Prepare: 60 more routes, all in the projects module (without CORS: with its preflight
    // methods the module would pass 500 and CDK itself would refuse to synthesize).
    const table: Record<string, RouteDefinition> = { ...routes };
    for (let index = 0; index < 60; index += 1) {
      table[`crowded${index}`] = {
        method: 'GET',
        path: `/v1/projects/crowded-${index}`,
        entry: 'functions/projects/get.ts',
        auth: 'tenant',
        minRole: 'viewer',
        table: 'read',
        ...syntheticSpec,
      };
    }

    // Act
    const counts = resourceCountsByTemplate(synthesizeWith(table, {}));

    // Assess
    expect(overTheLine(counts).map(([template]) => template)).toEqual([
      'TenantKit-routes/Api/ProjectsRoutes',
    ]);
  });
});
