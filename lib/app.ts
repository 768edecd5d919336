/**
 * Builds the CDK app: the stage from context, one `TenantKit-<stage>` stack, cdk-nag AwsSolutions
 * checks. bin/app.ts runs it for the CLI; the infra tests build the very same app.
 */
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { stageSettings } from './common/stage.ts';
import { BackupCopyVaultStack } from './data/backup-copy-vault-stack.ts';
import { copyVaultName } from './data/table-backups.ts';
import { TenantKitStack } from './tenant-kit-stack.ts';

export interface TenantKitAppOptions {
  /** CDK context, for tests; the CLI passes its own (cdk.json and `-c`). @default - none */
  readonly context?: Record<string, unknown>;
  /** @default - the CLI's output directory, or a temporary one */
  readonly outdir?: string;
  /**
   * Run cdk-nag AwsSolutions at synth; synth fails on any unacknowledged error.
   * @default true
   */
  readonly nagChecks?: boolean;
}

export interface TenantKitApp {
  readonly app: App;
  readonly stack: TenantKitStack;
  /** The vault backups are copied to, when the stage names a copy region. */
  readonly backupCopy?: BackupCopyVaultStack;
}

export function createTenantKitApp(options: TenantKitAppOptions = {}): TenantKitApp {
  const app = new App({
    ...(options.context && { context: options.context }),
    ...(options.outdir && { outdir: options.outdir }),
  });
  const stage = stageSettings((key) => app.node.tryGetContext(key));
  // No `env`: the stack is environment-agnostic, so synth needs no credentials and no lookups.
  const stack = new TenantKitStack(app, `TenantKit-${stage.name}`, {
    stage,
    description: `TenantKit multi-tenant SaaS backend (${stage.name})`,
  });
  const copyRegion = stage.backup.copyRegion;
  const backupCopy =
    copyRegion === undefined
      ? undefined
      : new BackupCopyVaultStack(app, `TenantKit-${stage.name}-backup-copy`, {
          env: { region: copyRegion },
          vaultName: copyVaultName(`TenantKit-${stage.name}`),
          description: `TenantKit backup copies (${stage.name})`,
        });
  if (backupCopy !== undefined) stack.addStackDependency(backupCopy);
  Tags.of(app).add('app', 'tenantkit');
  Tags.of(app).add('stage', stage.name);
  if (options.nagChecks ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  }
  return { app, stack, ...(backupCopy !== undefined && { backupCopy }) };
}
