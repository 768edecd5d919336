/**
 * The Logs Insights queries the alarm runbook starts from are saved with the stack, each over the
 * log groups whose lines it reads, the per-tenant ones filtered on the tenant placeholder.
 */
import { describe, expect, it } from 'vitest';
import { tenantPlaceholder, tenantQueries } from '#lib/observability/tenant-queries.ts';
import { resourcesOf, synthStage } from './synth.ts';

describe('saved Logs Insights queries', () => {
  const prod = synthStage('prod');
  const definitions = Object.values(resourcesOf(prod.template, 'AWS::Logs::QueryDefinition'));
  const byName = new Map(
    definitions.map((definition) => [String(definition.Properties?.Name), definition.Properties]),
  );

  it('saves every query under the stack name, as the runbook names them', () => {
    // Assess
    expect([...byName.keys()].sort()).toEqual(
      Object.keys(tenantQueries)
        .map((name) => `TenantKit-prod/${name}`)
        .sort(),
    );
  });

  it('filters the per-tenant queries on the tenant placeholder', () => {
    // Assess
    for (const name of ['tenant-requests', 'tenant-errors', 'tenant-jobs']) {
      expect(String(byName.get(`TenantKit-prod/${name}`)?.QueryString)).toContain(
        `filter tenantId = "${tenantPlaceholder}"`,
      );
    }
  });

  it('reads the access log for requests, every API function for errors, the workers for jobs', () => {
    // Prepare
    const logGroupsOf = (name: string): unknown[] =>
      (byName.get(`TenantKit-prod/${name}`)?.LogGroupNames as unknown[]) ?? [];
    const apiFunctions = Object.keys(prod.stack.api.functions).length;

    // Assess
    expect(logGroupsOf('tenant-requests')).toHaveLength(1);
    expect(JSON.stringify(logGroupsOf('tenant-requests'))).toContain('AccessLogs');
    expect(logGroupsOf('tenant-errors')).toHaveLength(apiFunctions + 1);
    // The two workers and the two dispatchers.
    expect(logGroupsOf('tenant-jobs')).toHaveLength(4);
  });
});
