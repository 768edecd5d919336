/** The edge backstop and the flag definitions in the template: WAF only where the stage asks for it. */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthStage } from './synth.ts';

const dev = synthStage('dev');
const prod = synthStage('prod');

describe('the web ACL', () => {
  it('guards the prod stage with per-IP and per-token rate rules and AWS managed rule groups', () => {
    prod.template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    prod.template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'PublicRoutesPerSourceIp',
          Statement: { RateBasedStatement: Match.objectLike({ AggregateKeyType: 'IP' }) },
        }),
        Match.objectLike({
          Name: 'PerAuthorizationHeader',
          Statement: {
            RateBasedStatement: Match.objectLike({
              AggregateKeyType: 'CUSTOM_KEYS',
              CustomKeys: [
                Match.objectLike({ Header: Match.objectLike({ Name: 'authorization' }) }),
              ],
            }),
          },
        }),
        Match.objectLike({ Name: 'AWSManagedRulesCommonRuleSet' }),
      ]),
    });
  });

  it('is left out of dev', () => {
    dev.template.resourceCountIs('AWS::WAFv2::WebACL', 0);
  });
});

describe('feature flags and the limiter alarm', () => {
  it('deploys the flags file as an AppConfig feature-flags profile', () => {
    dev.template.hasResourceProperties('AWS::AppConfig::ConfigurationProfile', {
      Type: 'AWS.AppConfig.FeatureFlags',
    });
    const versions = dev.template.findResources('AWS::AppConfig::HostedConfigurationVersion');
    const content = JSON.parse(String(Object.values(versions)[0]?.Properties?.Content)) as {
      values: Record<string, unknown>;
    };
    expect(content.values.usageInsights).toEqual({ enabled: false, rolloutPercentage: 25 });
  });

  it('alarms on the limiter failing open', () => {
    dev.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'LimiterFailOpen',
      Namespace: 'TenantKit',
    });
  });
});
