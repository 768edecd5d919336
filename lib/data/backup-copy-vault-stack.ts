/**
 * The vault in the backup copy region (stage setting `backupCopyRegion`): a stack of its own, as a
 * stack lives in one region. Deployed before the main stack (`cdk deploy --all` orders them).
 */
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { BackupVault } from 'aws-cdk-lib/aws-backup';
import type { Construct } from 'constructs';

export interface BackupCopyVaultStackProps extends StackProps {
  readonly vaultName: string;
}

export class BackupCopyVaultStack extends Stack {
  readonly vault: BackupVault;

  constructor(scope: Construct, id: string, props: BackupCopyVaultStackProps) {
    super(scope, id, props);
    // Retained: the copies are the point of this stack, and AWS refuses to delete a full vault.
    this.vault = new BackupVault(this, 'Vault', {
      backupVaultName: props.vaultName,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
