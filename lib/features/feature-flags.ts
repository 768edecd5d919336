/**
 * The feature-flag definitions on AWS: an AppConfig application, one environment per stage and a
 * feature-flags profile whose first version is shared/features/feature-flags.json (the file
 * `npm start` watches). Functions that evaluate flags read them through the AppConfig Lambda
 * extension (the agent caches and polls; Powertools parameters reads it on localhost).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Aws, type CfnElement, CfnMapping, Fn, Names, Stack, Validations } from 'aws-cdk-lib';
import {
  Application,
  ConfigurationContent,
  ConfigurationType,
  DeploymentStrategy,
  DeploymentStrategyId,
  Environment,
  HostedConfiguration,
  Platform,
} from 'aws-cdk-lib/aws-appconfig';
import { type Function as LambdaFunction, LayerVersion } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { repoRoot } from '#lib/common/paths.ts';
import { type FlagDefinitions, parseFlagDefinitions } from '#shared/features/definitions.ts';

/** Regions whose AppConfig extension layer CDK knows (its table stays current with aws-cdk-lib). */
const regions = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'ap-east-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-south-1',
  'ap-south-2',
  'sa-east-1',
  'af-south-1',
  'me-central-1',
  'me-south-1',
  'il-central-1',
];

/** AppConfig's creation format for a feature-flags profile, from the retrieved format we keep. */
function featureFlagsDocument(definitions: FlagDefinitions): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  const values: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(definitions)) {
    flags[name] = {
      name,
      ...(definition.rolloutPercentage !== undefined && {
        attributes: {
          rolloutPercentage: { constraints: { type: 'number', minimum: 0, maximum: 100 } },
        },
      }),
    };
    values[name] = definition;
  }
  return { version: '1', flags, values };
}

export interface FeatureFlagsProps {
  /** Names the AppConfig environment (`dev`, `prod`). */
  readonly stageName: string;
}

export class FeatureFlags extends Construct {
  readonly application: Application;
  readonly environment: Environment;
  readonly profile: HostedConfiguration;

  constructor(scope: Construct, id: string, props: FeatureFlagsProps) {
    super(scope, id);
    const definitions = parseFlagDefinitions(
      JSON.parse(
        readFileSync(join(repoRoot, 'shared/features/feature-flags.json'), 'utf8'),
      ) as unknown,
    );
    this.application = new Application(this, 'Application', {
      description: 'TenantKit feature flags',
    });
    this.environment = new Environment(this, 'Environment', {
      application: this.application,
      environmentName: props.stageName,
    });
    this.profile = new HostedConfiguration(this, 'Profile', {
      application: this.application,
      name: 'features',
      type: ConfigurationType.FEATURE_FLAGS,
      content: ConfigurationContent.fromInlineJson(
        JSON.stringify(featureFlagsDocument(definitions)),
      ),
      deployTo: [this.environment],
      deploymentStrategy: DeploymentStrategy.fromDeploymentStrategyId(
        this,
        'AllAtOnce',
        DeploymentStrategyId.ALL_AT_ONCE,
      ),
    });
  }

  /**
   * The AppConfig extension layer's ARN in `stack`'s region, from a mapping in that very stack (a
   * function in a nested stack cannot look up its parent's mapping). The stack is
   * environment-agnostic: the ARN is chosen by region at deploy time.
   */
  private layerArnIn(stack: Stack): string {
    const id = 'AppConfigExtensionLayer';
    const mapping =
      (stack.node.tryFindChild(id) as CfnMapping | undefined) ??
      new CfnMapping(stack, id, {
        mapping: Object.fromEntries(
          regions.flatMap((region) => {
            const arn = Application.getLambdaLayerVersionArn(region, Platform.ARM_64);
            return arn === undefined ? [] : [[region, { arn }]];
          }),
        ),
      });
    return Fn.findInMap(mapping.logicalId, Aws.REGION, 'arn');
  }

  /** Adds the AppConfig extension to `fn`, lets it read the profile, and tells it where to look. */
  bind(fn: LambdaFunction): void {
    fn.addLayers(
      LayerVersion.fromLayerVersionArn(fn, 'AppConfigExtension', this.layerArnIn(Stack.of(fn))),
    );
    this.environment.grantReadConfig(fn);
    // How cdk-nag names the resource in the policy: by logical id here, as a nested stack's
    // parameter (`referenceto…Ref`) in a module stack.
    const logicalId = (construct: Construct): string => {
      const element = construct.node.defaultChild as CfnElement;
      return Stack.of(element) === Stack.of(fn)
        ? Stack.of(element).getLogicalId(element)
        : `referenceto${Names.uniqueId(element)}Ref`;
    };
    Validations.of(fn.role ?? fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:appconfig:<AWS::Region>:<AWS::AccountId>:application/<${logicalId(this.application)}>/environment/<${logicalId(this.environment)}>/configuration/*]`,
      reason:
        'CDK grantReadConfig: the configurations of this one AppConfig environment (the feature-flags profile is its only one), which the AppConfig extension reads for the function.',
    });
    fn.addEnvironment('FEATURE_FLAGS_APPLICATION', this.application.applicationId);
    fn.addEnvironment('FEATURE_FLAGS_ENVIRONMENT', this.environment.environmentId);
    fn.addEnvironment('FEATURE_FLAGS_PROFILE', this.profile.configurationProfileId);
  }
}
