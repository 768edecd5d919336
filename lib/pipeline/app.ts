/** Builds the app of the GitHub deploy roles, cdk-nag checked like the main app. */
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { GitHubDeployRoles } from './github-deploy-roles.ts';

export interface GitHubDeployRolesApp {
  readonly app: App;
  readonly stack: GitHubDeployRoles;
}

/** `context` for tests; the CLI passes `-c githubRepository=owner/name` (and optionally `-c githubOidcProviderArn=…`). */
export function createGitHubDeployRolesApp(
  context?: Record<string, unknown>,
): GitHubDeployRolesApp {
  const app = new App({ ...(context && { context }) });
  const repository = app.node.tryGetContext('githubRepository');
  if (typeof repository !== 'string') {
    throw new Error(
      'Pass the repository whose workflows may deploy: -c githubRepository=owner/name',
    );
  }
  const providerArn = app.node.tryGetContext('githubOidcProviderArn');
  const stack = new GitHubDeployRoles(app, 'TenantKit-github-deploy-roles', {
    repository,
    ...(typeof providerArn === 'string' && { existingProviderArn: providerArn }),
    description: 'TenantKit: roles GitHub Actions assumes through OIDC to diff and deploy',
  });
  Tags.of(app).add('app', 'tenantkit');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
