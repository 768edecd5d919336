/** CDK entry point (`npx cdk synth -c stage=dev|prod`): builds the app; the CLI synthesizes it. */
import { createTenantKitApp } from '#lib/app.ts';
import { StageSettingsError } from '#lib/common/stage.ts';

try {
  createTenantKitApp();
} catch (error) {
  // A missing or malformed stage setting: the message says what to pass; a stack trace would bury it.
  if (!(error instanceof StageSettingsError)) throw error;
  console.error(`TenantKit: ${error.message}`);
  process.exit(1);
}
