/** CDK entry point (`npx cdk synth -c stage=dev|prod`): builds the app; the CLI synthesizes it. */
import { createTenantKitApp } from '#lib/app.ts';

createTenantKitApp();
