/**
 * The edge backstop in front of the API stage: an AWS WAF web ACL with AWS managed rule groups and
 * two rate-based rules — per source IP on the public routes, and per Authorization header on the
 * rest. WAF counts over minutes and is not exact; it stops floods before any Lambda runs, while
 * the exact per-tenant limits live in the API middleware.
 */
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface ApiWebAclProps {
  readonly restApi: RestApi;
  /**
   * Requests per source IP per 5 minutes on the public routes (sign-up, sign-in, refresh,
   * invitation accept), far above what the API's own per-IP buckets admit.
   * @default 500
   */
  readonly publicRequestsPerIp?: number;
  /**
   * Requests per Authorization header per 5 minutes: above the largest plan (enterprise, 500/s),
   * so only a flood beyond any plan is cut at the edge.
   * @default 200000
   */
  readonly requestsPerToken?: number;
}

const publicPaths = ['/v1/tenants', '/v1/auth/', '/v1/invitations/accept'];

function visibility(metricName: string): CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

function managedGroup(name: string, priority: number): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    visibilityConfig: visibility(name),
  };
}

export class ApiWebAcl extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiWebAclProps) {
    super(scope, id);
    const pathMatch = (path: string): CfnWebACL.StatementProperty => ({
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        positionalConstraint: 'CONTAINS',
        searchString: path,
        textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
      },
    });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('TenantKitApi'),
      rules: [
        {
          name: 'PublicRoutesPerSourceIp',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
              limit: props.publicRequestsPerIp ?? 500,
              scopeDownStatement: { orStatement: { statements: publicPaths.map(pathMatch) } },
            },
          },
          visibilityConfig: visibility('PublicRoutesPerSourceIp'),
        },
        {
          name: 'PerAuthorizationHeader',
          priority: 1,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'CUSTOM_KEYS',
              evaluationWindowSec: 300,
              limit: props.requestsPerToken ?? 200_000,
              customKeys: [
                {
                  header: {
                    name: 'authorization',
                    textTransformations: [{ priority: 0, type: 'NONE' }],
                  },
                },
              ],
            },
          },
          visibilityConfig: visibility('PerAuthorizationHeader'),
        },
        managedGroup('AWSManagedRulesAmazonIpReputationList', 2),
        managedGroup('AWSManagedRulesCommonRuleSet', 3),
        managedGroup('AWSManagedRulesKnownBadInputsRuleSet', 4),
      ],
    });
    new CfnWebACLAssociation(this, 'StageAssociation', {
      resourceArn: props.restApi.deploymentStage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}
