/**
 * What GitHub Actions may do in the account, through GitHub's OIDC provider (no long-lived keys):
 * pull-request jobs may only assume the CDK bootstrap lookup role (for `cdk diff`); deploy jobs, on
 * `main` or in the dev/prod environments, may only assume the bootstrap roles `cdk deploy` uses.
 * Everything else a deploy does, CloudFormation does with the bootstrap execution role.
 */
import { Aws, CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  type IOidcProvider,
  OidcProviderNative,
  OpenIdConnectPrincipal,
  PolicyStatement,
  Role,
} from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { stageNames } from '#lib/common/stage.ts';

const githubIssuer = 'token.actions.githubusercontent.com';

/** The bootstrap roles of `cdk bootstrap` (default qualifier), in any region of this account. */
function bootstrapRoleArn(qualifier: string, kind: string): string {
  return `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/cdk-${qualifier}-${kind}-role-${Aws.ACCOUNT_ID}-*`;
}

export interface GitHubDeployRolesProps extends StackProps {
  /** `owner/name` of the repository whose workflows may deploy. */
  readonly repository: string;
  /**
   * The account already has GitHub's OIDC provider (one per account): pass its ARN to reuse it.
   * @default - this stack creates it
   */
  readonly existingProviderArn?: string;
  /** The CDK bootstrap qualifier. @default 'hnb659fds' (cdk bootstrap's default) */
  readonly bootstrapQualifier?: string;
}

export class GitHubDeployRoles extends Stack {
  /** Assumed by pull-request jobs: `cdk diff` only. */
  readonly diffRole: Role;
  /** Assumed by deploy jobs on `main` and in the dev and prod environments. */
  readonly deployRole: Role;

  constructor(scope: Construct, id: string, props: GitHubDeployRolesProps) {
    super(scope, id, props);
    if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(props.repository)) {
      throw new Error(
        `-c githubRepository=${props.repository} is not owner/name of a GitHub repository`,
      );
    }
    const qualifier = props.bootstrapQualifier ?? 'hnb659fds';
    const provider: IOidcProvider =
      props.existingProviderArn === undefined
        ? new OidcProviderNative(this, 'GitHubOidc', {
            url: `https://${githubIssuer}`,
            clientIds: ['sts.amazonaws.com'],
          })
        : OidcProviderNative.fromOidcProviderArn(this, 'GitHubOidc', props.existingProviderArn);
    const principal = (subjects: readonly string[]): OpenIdConnectPrincipal =>
      new OpenIdConnectPrincipal(provider, {
        StringEquals: { [`${githubIssuer}:aud`]: 'sts.amazonaws.com' },
        // The subject names the repository and what the job runs for; nothing else matches.
        'ForAnyValue:StringEquals': {
          [`${githubIssuer}:sub`]: subjects.map((subject) => `repo:${props.repository}:${subject}`),
        },
      });

    this.diffRole = new Role(this, 'DiffRole', {
      description: `GitHub Actions pull requests of ${props.repository}: cdk diff`,
      assumedBy: principal(['pull_request']),
      maxSessionDuration: Duration.hours(1),
    });
    this.diffRole.addToPolicy(
      new PolicyStatement({
        actions: ['sts:AssumeRole'],
        resources: [bootstrapRoleArn(qualifier, 'lookup')],
      }),
    );

    this.deployRole = new Role(this, 'DeployRole', {
      description: `GitHub Actions deploys of ${props.repository}: cdk deploy`,
      assumedBy: principal([
        'ref:refs/heads/main',
        ...stageNames.map((stage) => `environment:${stage}`),
      ]),
      maxSessionDuration: Duration.hours(1),
    });
    this.deployRole.addToPolicy(
      new PolicyStatement({
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: ['deploy', 'file-publishing', 'image-publishing', 'lookup'].map((kind) =>
          bootstrapRoleArn(qualifier, kind),
        ),
      }),
    );

    for (const [role, kinds] of [
      [this.diffRole, ['lookup']],
      [this.deployRole, ['deploy', 'file-publishing', 'image-publishing', 'lookup']],
    ] as const) {
      for (const kind of kinds) {
        Validations.of(role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role/cdk-${qualifier}-${kind}-role-<AWS::AccountId>-*]`,
          reason:
            'The wildcard is the region only: the bootstrap role of this kind in each bootstrapped region of this account (the backup copy vault stack deploys to a second region). No other role name matches.',
        });
      }
    }

    new CfnOutput(this, 'DiffRoleArn', {
      value: this.diffRole.roleArn,
      description: 'GitHub repository variable AWS_DIFF_ROLE_ARN',
    });
    new CfnOutput(this, 'DeployRoleArn', {
      value: this.deployRole.roleArn,
      description: 'GitHub repository variable AWS_DEPLOY_ROLE_ARN',
    });
  }
}
