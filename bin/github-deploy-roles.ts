/**
 * CDK entry point of the roles GitHub Actions deploys with (docs/deploy.md, "Pipeline"):
 * `npx cdk deploy --app "npx tsx bin/github-deploy-roles.ts" -c githubRepository=owner/name`.
 */
import { createGitHubDeployRolesApp } from '#lib/pipeline/app.ts';

createGitHubDeployRolesApp();
