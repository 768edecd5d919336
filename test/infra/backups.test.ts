/**
 * Backups of the data table: PITR stays on, AWS Backup keeps daily recovery points 35 days (prod
 * also weekly ones a year) and, when the stage names a region, copies each to a vault there.
 */
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTenantKitApp } from '#lib/app.ts';
import { logicalIdOf, resourcesOf, stageContext, synthStage } from './synth.ts';

interface Rule {
  readonly RuleName: string;
  readonly ScheduleExpression: string;
  readonly Lifecycle: { readonly DeleteAfterDays: number };
  readonly CopyActions?: readonly {
    readonly DestinationBackupVaultArn: unknown;
    readonly Lifecycle: { readonly DeleteAfterDays: number };
  }[];
}

function planRules(template: Template): Rule[] {
  const plans = Object.values(resourcesOf(template, 'AWS::Backup::BackupPlan'));
  expect(plans).toHaveLength(1);
  const plan = plans[0]?.Properties?.BackupPlan as { BackupPlanRule: Rule[] };
  return plan.BackupPlanRule;
}

describe('table backups', () => {
  it('keeps daily recovery points 35 days in dev, and no weekly ones', () => {
    // Act
    const rules = planRules(synthStage('dev').template);

    // Assess
    expect(rules.map((rule) => [rule.RuleName, rule.Lifecycle.DeleteAfterDays])).toEqual([
      ['Daily', 35],
    ]);
    expect(rules[0]?.ScheduleExpression).toBe('cron(0 3 * * ? *)');
  });

  it('keeps prod daily points 35 days and weekly points a year', () => {
    // Act
    const rules = planRules(synthStage('prod').template);

    // Assess
    expect(rules.map((rule) => [rule.RuleName, rule.Lifecycle.DeleteAfterDays])).toEqual([
      ['Daily', 35],
      ['Weekly', 365],
    ]);
    expect(rules[1]?.ScheduleExpression).toBe('cron(0 4 ? * SUN *)');
  });

  it('selects the data table, and keeps point-in-time recovery on beside it', () => {
    // Prepare
    const { template, stack } = synthStage('prod');
    const tableId = logicalIdOf(stack.data.table.node.defaultChild as CfnTable);

    // Assess
    const selections = Object.values(resourcesOf(template, 'AWS::Backup::BackupSelection'));
    expect(selections).toHaveLength(1);
    expect(JSON.stringify(selections[0]?.Properties)).toContain(tableId);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('retains the prod vault with the stack, and lets dev tear it down', () => {
    // Assess
    synthStage('prod').template.hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Retain',
    });
    synthStage('dev').template.hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Delete',
    });
  });

  it('copies nothing to another region unless the stage names one', () => {
    // Act
    const built = createTenantKitApp({ context: stageContext('prod'), nagChecks: false });

    // Assess
    expect(built.backupCopy).toBeUndefined();
    expect(
      planRules(synthStage('prod').template).every((rule) => (rule.CopyActions ?? []).length === 0),
    ).toBe(true);
  });

  it('copies every recovery point to a vault of its own in the copy region, kept as long', () => {
    // Act
    const prod = synthStage('prod', false, { backupCopyRegion: 'eu-central-1' });

    // Assess
    const rules = planRules(prod.template);
    for (const rule of rules) {
      expect(rule.CopyActions).toHaveLength(1);
      expect(rule.CopyActions?.[0]?.Lifecycle.DeleteAfterDays).toBe(rule.Lifecycle.DeleteAfterDays);
      expect(JSON.stringify(rule.CopyActions?.[0]?.DestinationBackupVaultArn)).toContain(
        ':backup:eu-central-1:',
      );
      expect(JSON.stringify(rule.CopyActions?.[0]?.DestinationBackupVaultArn)).toContain(
        'backup-vault:TenantKit-prod-copy',
      );
    }
    const copy = prod.backupCopy;
    expect(copy?.region).toBe('eu-central-1');
    Template.fromStack(copy as Stack).hasResource('AWS::Backup::BackupVault', {
      Properties: { BackupVaultName: 'TenantKit-prod-copy' },
      DeletionPolicy: 'Retain',
    });
    expect(prod.stack.dependencies).toContain(copy);
  });

  it('refuses a copy region that is not one', () => {
    // Act / Assess
    expect(() =>
      createTenantKitApp({
        context: stageContext('dev', { backupCopyRegion: 'Frankfurt' }),
        nagChecks: false,
      }),
    ).toThrow(/backupCopyRegion=Frankfurt is not an AWS region/);
  });
});
