/**
 * cdk-nag AwsSolutions on the real app, as `cdk synth` runs it: zero unacknowledged findings, each
 * acknowledgement with a written reason, and a negative control proving the check is live.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { afterAll, describe, expect, it } from 'vitest';
import { createTenantKitApp, type TenantKitApp } from '#lib/app.ts';
import { type StageName, stageNames } from '#lib/common/stage.ts';
import { everySetting, stageContext } from './synth.ts';

interface Finding {
  readonly rule: string;
  readonly path: string;
}

interface ValidationReport {
  readonly pluginReports: readonly {
    readonly violations: readonly {
      readonly ruleName: string;
      readonly violatingConstructs: readonly { readonly constructPath: string }[];
    }[];
  }[];
}

const outdirs: string[] = [];

afterAll(() => {
  for (const outdir of outdirs) rmSync(outdir, { recursive: true, force: true });
});

function nagApp(stage: StageName, extra: Readonly<Record<string, unknown>> = {}): TenantKitApp {
  return createTenantKitApp({ context: stageContext(stage, extra), nagChecks: true });
}

/**
 * Synthesizes with the AwsSolutions plugin and returns every finding of any severity. Synth throws
 * on errors; the report file lists them (and warnings, which do not fail synth) either way.
 */
function synthFindings({ app }: TenantKitApp): Finding[] {
  outdirs.push(app.outdir);
  try {
    app.synth();
  } catch (error) {
    // The CDK throws ValidationFailed (report in the message when synthesized in-process).
    const validationFailed = error instanceof Error && error.name === 'ValidationFailed';
    if (!validationFailed) throw error;
  }
  const report = JSON.parse(
    readFileSync(join(app.outdir, VALIDATION_REPORT_FILE), 'utf8'),
  ) as ValidationReport;
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((violation) =>
      violation.violatingConstructs.map((construct) => ({
        rule: violation.ruleName,
        path: construct.constructPath,
      })),
    ),
  );
}

function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id,
          reason,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it.each(stageNames)('finds nothing unacknowledged in the %s stage', (stage) => {
    // Act
    const findings = synthFindings(nagApp(stage));

    // Assess
    expect(findings).toEqual([]);
  });

  it('finds nothing unacknowledged in prod with every optional stage setting on', () => {
    // Act
    const findings = synthFindings(nagApp('prod', everySetting));

    // Assess
    expect(findings).toEqual([]);
  });

  it('reports a violation nobody acknowledged, so the check above is live', () => {
    // Prepare
    const built = nagApp('dev');
    new Queue(built.stack, 'UncheckedQueue');

    // Act
    const findings = synthFindings(built);

    // Assess
    expect(findings).toContainEqual({
      rule: 'AwsSolutions-SQS3',
      path: 'TenantKit-dev/UncheckedQueue/Resource',
    });
  });

  it('gives every acknowledgement a written reason on a construct below the stack', () => {
    // Prepare
    const { app, stack } = nagApp('prod');

    // Act
    const acknowledged = acknowledgements(app);

    // Assess
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { path, reason } of acknowledged) {
      expect(reason.length).toBeGreaterThanOrEqual(60);
      // Never stack- or app-wide: each one names the construct it excuses.
      expect(path.startsWith(`${stack.node.path}/`)).toBe(true);
    }
  });
});
