/** The deployment stages and what differs between them; everything else is the same code. */
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export const stageNames = ['dev', 'prod'] as const;
export type StageName = (typeof stageNames)[number];

export interface StageSettings {
  readonly name: StageName;
  /** Guards stateful resources (table, user pool) against `cdk destroy` and console deletes. */
  readonly deletionProtection: boolean;
  /** What happens to stateful resources and logs when they leave the stack. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * Lambda and API logs. A month is enough to debug in dev; a year in prod covers the incident
   * and audit questions SaaS customers ask ("who called what last quarter"), at log-storage cost.
   */
  readonly logRetention: RetentionDays;
  /**
   * An AWS WAF web ACL in front of the API (lib/edge/web-acl.ts): a fixed monthly fee per ACL and
   * rule, worth it where real traffic is; dev relies on the stage throttle and the API's limits.
   */
  readonly webAcl: boolean;
}

const settings: Record<StageName, StageSettings> = {
  dev: {
    name: 'dev',
    deletionProtection: false,
    removalPolicy: RemovalPolicy.DESTROY,
    logRetention: RetentionDays.ONE_MONTH,
    webAcl: false,
  },
  prod: {
    name: 'prod',
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    logRetention: RetentionDays.ONE_YEAR,
    webAcl: true,
  },
};

function isStageName(value: unknown): value is StageName {
  return typeof value === 'string' && (stageNames as readonly string[]).includes(value);
}

/** The settings of the stage named by CDK context `stage`; throws on anything else, so a typo cannot deploy. */
export function stageSettings(value: unknown): StageSettings {
  if (!isStageName(value)) {
    throw new Error(
      `Unknown stage ${JSON.stringify(value)}: pass -c stage=${stageNames.join('|')} (cdk.json defaults to dev)`,
    );
  }
  return settings[value];
}
