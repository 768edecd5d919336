/**
 * The roles GitHub Actions deploys with: trusted only through GitHub's OIDC provider for this
 * repository's pull requests, main branch and stage environments, and allowed nothing but to assume
 * the CDK bootstrap roles. cdk-nag clean, like the main app.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import { describe, expect, it } from 'vitest';
import { createGitHubDeployRolesApp } from '#lib/pipeline/app.ts';
import { allPolicyStatements, asList, resourcesOf } from './synth.ts';

const repository = 'acme/tenantkit';

function rolesTemplate(context: Record<string, unknown> = {}): Template {
  const { stack } = createGitHubDeployRolesApp({ githubRepository: repository, ...context });
  return Template.fromStack(stack);
}

function trustOf(template: Template, description: string): Record<string, unknown> {
  const role = Object.values(resourcesOf(template, 'AWS::IAM::Role')).find((each) =>
    String(each.Properties?.Description).includes(description),
  );
  const trust = role?.Properties?.AssumeRolePolicyDocument as { Statement: unknown[] };
  return trust.Statement[0] as Record<string, unknown>;
}

describe('GitHub deploy roles', () => {
  it("trusts GitHub's OIDC tokens of this repository only: pull requests for diff, main and stage environments for deploy", () => {
    // Act
    const template = rolesTemplate();

    // Assess
    template.hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
    const diff = trustOf(template, 'cdk diff');
    const deploy = trustOf(template, 'cdk deploy');
    expect(diff.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(diff.Condition).toEqual({
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      'ForAnyValue:StringEquals': {
        'token.actions.githubusercontent.com:sub': [`repo:${repository}:pull_request`],
      },
    });
    expect(deploy.Condition).toMatchObject({
      'ForAnyValue:StringEquals': {
        'token.actions.githubusercontent.com:sub': [
          `repo:${repository}:ref:refs/heads/main`,
          `repo:${repository}:environment:dev`,
          `repo:${repository}:environment:prod`,
        ],
      },
    });
  });

  it('may do nothing but assume the CDK bootstrap roles (diff: the lookup role alone)', () => {
    // Act
    const statements = allPolicyStatements(rolesTemplate());

    // Assess
    const actions = statements.flatMap((statement) => asList(statement.Action).map(String));
    expect(new Set(actions)).toEqual(new Set(['sts:AssumeRole', 'sts:TagSession']));
    const resources = statements.flatMap((statement) => asList(statement.Resource));
    for (const resource of resources)
      expect(JSON.stringify(resource)).toMatch(
        /:role\/cdk-hnb659fds-(deploy|file-publishing|image-publishing|lookup)-role-/,
      );
    const diffResources = statements
      .filter((statement) => asList(statement.Action).length === 1)
      .flatMap((statement) => asList(statement.Resource).map((each) => JSON.stringify(each)));
    expect(diffResources.some((each) => each.includes('lookup-role'))).toBe(true);
  });

  it('reuses an OIDC provider the account already has (one per account and URL)', () => {
    // Act
    const template = rolesTemplate({
      githubOidcProviderArn:
        'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
    });

    // Assess
    template.resourceCountIs('AWS::IAM::OIDCProvider', 0);
  });

  it('refuses to synth without the repository, or with something else', () => {
    // Act / Assess
    expect(() => createGitHubDeployRolesApp({})).toThrow(/-c githubRepository=owner\/name/);
    expect(() =>
      createGitHubDeployRolesApp({ githubRepository: 'https://github.com/a/b' }),
    ).toThrow(/is not owner\/name/);
  });

  it('has no cdk-nag AwsSolutions finding', () => {
    // Prepare
    const { app } = createGitHubDeployRolesApp({ githubRepository: repository });

    // Act
    try {
      app.synth();
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ValidationFailed')) throw error;
    }
    const report = JSON.parse(readFileSync(join(app.outdir, VALIDATION_REPORT_FILE), 'utf8')) as {
      pluginReports: { violations: unknown[] }[];
    };
    rmSync(app.outdir, { recursive: true, force: true });

    // Assess
    expect(report.pluginReports.flatMap((plugin) => plugin.violations)).toEqual([]);
  });
});
