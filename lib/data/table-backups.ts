/**
 * AWS Backup for the data table, beside its point-in-time recovery (35 days to the second): daily
 * recovery points kept 35 days, in prod weekly ones kept a year, optionally copied to a vault in a
 * second region. A restore brings back a whole table; `npm run restore-tenant` copies one tenant
 * out of it (docs/runbooks/restore-tenant.md).
 */
import { Aws, Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  BackupPlan,
  type BackupPlanCopyActionProps,
  BackupPlanRule,
  BackupResource,
  BackupVault,
} from 'aws-cdk-lib/aws-backup';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import type { BackupSettings } from '#lib/common/stage.ts';

/** How long each kind of recovery point is kept. */
export const backupRetention = {
  daily: Duration.days(35),
  weekly: Duration.days(365),
} as const;

export interface TableBackupsProps extends BackupSettings {
  readonly table: ITable;
  /** Names the vault (and the copy vault in `copyRegion`), unique per account and region. */
  readonly vaultName: string;
  /** What happens to the vault when it leaves the stack (AWS refuses to delete a vault holding recovery points). */
  readonly removalPolicy: RemovalPolicy;
}

/** The name of the vault in the copy region, created by BackupCopyVaultStack. */
export function copyVaultName(vaultName: string): string {
  return `${vaultName}-copy`;
}

export class TableBackups extends Construct {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: TableBackupsProps) {
    super(scope, id);
    // The AWS managed key (aws/backup), as for the table: no key policy of ours to get wrong.
    this.vault = new BackupVault(this, 'Vault', {
      backupVaultName: props.vaultName,
      removalPolicy: props.removalPolicy,
    });
    const copyActions: BackupPlanCopyActionProps[] =
      props.copyRegion === undefined
        ? []
        : [
            {
              destinationBackupVault: BackupVault.fromBackupVaultArn(
                this,
                'CopyVault',
                `arn:${Aws.PARTITION}:backup:${props.copyRegion}:${Aws.ACCOUNT_ID}:backup-vault:${copyVaultName(props.vaultName)}`,
              ),
            },
          ];
    const rule = (name: string, schedule: Schedule, deleteAfter: Duration): BackupPlanRule =>
      new BackupPlanRule({
        ruleName: name,
        backupVault: this.vault,
        scheduleExpression: schedule,
        deleteAfter,
        // Copies are kept as long as the recovery point they copy.
        copyActions: copyActions.map((action) => ({ ...action, deleteAfter })),
      });
    const rules = [
      rule('Daily', Schedule.cron({ hour: '3', minute: '0' }), backupRetention.daily),
      ...(props.weekly
        ? [
            rule(
              'Weekly',
              Schedule.cron({ weekDay: 'SUN', hour: '4', minute: '0' }),
              backupRetention.weekly,
            ),
          ]
        : []),
    ];
    this.plan = new BackupPlan(this, 'Plan', {
      backupPlanName: props.vaultName,
      backupVault: this.vault,
      backupPlanRules: rules,
    });
    const selection = this.plan.addSelection('Table', {
      resources: [BackupResource.fromDynamoDbTable(props.table)],
    });
    const role = selection.node.tryFindChild('Role');
    if (role !== undefined) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
        reason:
          'The AWS managed policy made for this role: AWS Backup creates recovery points of the selected resources with it, and AWS keeps it in step with what each service needs for backups.',
      });
    }
  }
}
