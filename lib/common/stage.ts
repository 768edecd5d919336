/**
 * The deployment stages and what differs between them; everything else is the same code. What an
 * account must choose (mail sender, CORS origins, custom domain, backup copy region) comes from CDK
 * context (`-c key=value` or cdk.json) and is checked here, so a bad or missing value fails synth.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export const stageNames = ['dev', 'prod'] as const;
export type StageName = (typeof stageNames)[number];

/** How the mail sender's SES identity comes to exist. */
export type MailIdentityKind = 'domain' | 'address';

export interface MailSettings {
  /** The address every mail is sent from (MAIL_FROM of the mail worker). */
  readonly from: string;
  /**
   * Creates the SES identity for the sender's domain (DKIM records to publish in DNS) or for the
   * address itself (SES mails a verification link to it).
   * @default - none: the identity is already verified in the account
   */
  readonly identity?: MailIdentityKind;
}

export interface CustomDomainSettings {
  /** The API's host name, e.g. `api.example.com`. */
  readonly domainName: string;
  /** An ACM certificate in the stack's region covering `domainName`. */
  readonly certificateArn: string;
}

export interface BackupSettings {
  /** Weekly recovery points kept a year, beside the daily ones kept 35 days. */
  readonly weekly: boolean;
  /**
   * A region each recovery point is copied to (a vault of the same name is created there by the
   * stack's copy action target; see docs/deploy.md).
   * @default - none: recovery points stay in the stack's region
   */
  readonly copyRegion?: string;
}

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
  readonly mail: MailSettings;
  /** Browser origins allowed to call the API (CORS); empty: browsers on other origins are refused. */
  readonly corsOrigins: readonly string[];
  /** @default - none: the API answers on its execute-api URL only */
  readonly customDomain?: CustomDomainSettings;
  readonly backup: BackupSettings;
}

/** What is fixed per stage; the rest comes from context. */
type FixedSettings = Pick<
  StageSettings,
  'name' | 'deletionProtection' | 'removalPolicy' | 'logRetention' | 'webAcl'
> & {
  /** Without `mailFrom` in context: dev sends from this placeholder (mail fails on AWS), prod refuses to synth. */
  readonly defaultMailFrom?: string;
  readonly weeklyBackups: boolean;
};

const fixed: Record<StageName, FixedSettings> = {
  dev: {
    name: 'dev',
    deletionProtection: false,
    removalPolicy: RemovalPolicy.DESTROY,
    logRetention: RetentionDays.ONE_MONTH,
    webAcl: false,
    defaultMailFrom: 'no-reply@example.com',
    weeklyBackups: false,
  },
  prod: {
    name: 'prod',
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    logRetention: RetentionDays.ONE_YEAR,
    webAcl: true,
    weeklyBackups: true,
  },
};

/** The CDK context keys a stage reads, as passed with `-c key=value`. */
export const stageContextKeys = [
  'mailFrom',
  'mailIdentity',
  'corsOrigins',
  'domainName',
  'certificateArn',
  'backupCopyRegion',
] as const;

/** Reads one CDK context value (`app.node.tryGetContext`). */
export type ContextReader = (key: string) => unknown;

export class StageSettingsError extends Error {}

function isStageName(value: unknown): value is StageName {
  return typeof value === 'string' && (stageNames as readonly string[]).includes(value);
}

/** A context value as a trimmed string; undefined when absent or empty. */
function text(context: ContextReader, key: string): string | undefined {
  const value = context(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new StageSettingsError(`-c ${key} must be a string, not ${JSON.stringify(value)}`);
  }
  return value.trim() === '' ? undefined : value.trim();
}

const emailPattern = /^[^@\s]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
const hostPattern = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const certificateArnPattern = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[a-f0-9-]{36}$/;
const regionPattern = /^[a-z]{2}(-[a-z]+)+-\d$/;

function mailSettings(stage: FixedSettings, context: ContextReader): MailSettings {
  const from = text(context, 'mailFrom') ?? stage.defaultMailFrom;
  if (from === undefined) {
    throw new StageSettingsError(
      `The ${stage.name} stage needs a sender for its mail: pass -c mailFrom=no-reply@your-domain (an SES identity of the account; see docs/deploy.md)`,
    );
  }
  if (!emailPattern.test(from)) {
    throw new StageSettingsError(`-c mailFrom=${from} is not an email address`);
  }
  const identity = text(context, 'mailIdentity');
  if (identity !== undefined && identity !== 'domain' && identity !== 'address') {
    throw new StageSettingsError(`-c mailIdentity must be domain or address, not ${identity}`);
  }
  return { from, ...(identity !== undefined && { identity }) };
}

/** Origins as browsers send them: scheme and host (and port), no path, no wildcard. */
function corsOrigins(context: ContextReader): readonly string[] {
  const value = context('corsOrigins');
  const list = Array.isArray(value) ? value : (text(context, 'corsOrigins')?.split(',') ?? []);
  return list.map((entry: unknown) => {
    const origin = typeof entry === 'string' ? entry.trim() : '';
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    const local = url?.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(url.hostname);
    if (url === undefined || (url.protocol !== 'https:' && !local) || url.origin !== origin) {
      throw new StageSettingsError(
        `-c corsOrigins: ${JSON.stringify(entry)} is not an origin like https://app.example.com (no path, no trailing slash, no wildcard; http only for localhost)`,
      );
    }
    return origin;
  });
}

function customDomain(context: ContextReader): CustomDomainSettings | undefined {
  const domainName = text(context, 'domainName');
  const certificateArn = text(context, 'certificateArn');
  if (domainName === undefined && certificateArn === undefined) return undefined;
  if (domainName === undefined || certificateArn === undefined) {
    throw new StageSettingsError(
      'A custom domain needs both -c domainName=api.example.com and -c certificateArn=arn:aws:acm:…',
    );
  }
  if (!hostPattern.test(domainName)) {
    throw new StageSettingsError(`-c domainName=${domainName} is not a host name`);
  }
  if (!certificateArnPattern.test(certificateArn)) {
    throw new StageSettingsError(
      `-c certificateArn=${certificateArn} is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)`,
    );
  }
  return { domainName, certificateArn };
}

function backupSettings(stage: FixedSettings, context: ContextReader): BackupSettings {
  const copyRegion = text(context, 'backupCopyRegion');
  if (copyRegion !== undefined && !regionPattern.test(copyRegion)) {
    throw new StageSettingsError(`-c backupCopyRegion=${copyRegion} is not an AWS region`);
  }
  return { weekly: stage.weeklyBackups, ...(copyRegion !== undefined && { copyRegion }) };
}

/**
 * The settings of the stage named by CDK context `stage`, with the account's values from context.
 * Throws a StageSettingsError on an unknown stage or a missing or malformed value, so a typo or a
 * forgotten prod setting cannot deploy.
 */
export function stageSettings(context: ContextReader): StageSettings {
  const name = context('stage');
  if (!isStageName(name)) {
    throw new StageSettingsError(
      `Unknown stage ${JSON.stringify(name)}: pass -c stage=${stageNames.join('|')} (cdk.json defaults to dev)`,
    );
  }
  const stage = fixed[name];
  const domain = customDomain(context);
  return {
    name: stage.name,
    deletionProtection: stage.deletionProtection,
    removalPolicy: stage.removalPolicy,
    logRetention: stage.logRetention,
    webAcl: stage.webAcl,
    mail: mailSettings(stage, context),
    corsOrigins: corsOrigins(context),
    ...(domain !== undefined && { customDomain: domain }),
    backup: backupSettings(stage, context),
  };
}
