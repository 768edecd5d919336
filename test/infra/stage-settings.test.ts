/**
 * The settings an account chooses per stage (lib/common/stage.ts): mail sender and SES identity,
 * CORS origins, custom domain. Each shows up in the template, and a missing or malformed value
 * fails synth with a message that says what to pass.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { createTenantKitApp } from '#lib/app.ts';
import { workers } from '#lib/jobs/workers.ts';
import { corsExposedHeaders } from '#shared/http/cors.ts';
import {
  everySetting,
  methodsByRoute,
  resourcesOf,
  type SynthesizedStage,
  skipBundling,
  stageContext,
  synthStage,
} from './synth.ts';

const certificateArn = everySetting.certificateArn;

function synthWith(context: Readonly<Record<string, unknown>>): () => unknown {
  return () =>
    createTenantKitApp({ context: { ...stageContext('dev'), ...context }, nagChecks: false });
}

/** The environment variables of the function whose description is `description`. */
function functionEnvironment(
  synthesized: SynthesizedStage,
  description: string,
): Record<string, unknown> {
  const fn = Object.values(resourcesOf(synthesized.template, 'AWS::Lambda::Function')).find(
    (each) => each.Properties?.Description === description,
  );
  const environment = fn?.Properties?.Environment as { Variables?: Record<string, unknown> };
  return environment?.Variables ?? {};
}

const mailWorker = workers.critical;

describe('mail sender', () => {
  it('refuses to synth prod without -c mailFrom, naming what to pass', () => {
    // Act / Assess
    expect(() =>
      createTenantKitApp({ context: { stage: 'prod', ...skipBundling }, nagChecks: false }),
    ).toThrow(/prod stage needs a sender for its mail: pass -c mailFrom=/);
  });

  it('sends prod mail from the configured address, with SES rights on it and its domain only', () => {
    // Act
    const prod = synthStage('prod', false, { mailFrom: 'hello@mail.acme.test' });

    // Assess
    expect(functionEnvironment(prod, String(mailWorker?.description))).toMatchObject({
      MAIL_FROM: 'hello@mail.acme.test',
    });
    const template = JSON.stringify(prod.template.toJSON());
    expect(template).toContain('identity/hello@mail.acme.test');
    expect(template).toContain('identity/mail.acme.test');
    expect(template).not.toContain('no-reply@example.com');
  });

  it.each([
    ['mailFrom', 'not-an-address', /mailFrom=not-an-address is not an email address/],
    ['mailIdentity', 'dns', /mailIdentity must be domain or address/],
  ])('refuses -c %s=%s', (key, value, message) => {
    // Act / Assess
    expect(synthWith({ [key]: value })).toThrow(message);
  });

  it('creates no SES identity unless asked: the account may have verified it already', () => {
    // Act
    const dev = synthStage('dev');

    // Assess
    dev.template.resourceCountIs('AWS::SES::EmailIdentity', 0);
  });

  it('creates the sender domain identity with DKIM and prints its three DNS records', () => {
    // Act
    const prod = synthStage('prod', false, { mailFrom: 'hello@acme.test', mailIdentity: 'domain' });

    // Assess
    prod.template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'acme.test' });
    const outputs = Object.keys(prod.template.findOutputs('*'));
    expect(outputs.filter((name) => name.includes('DkimRecord'))).toHaveLength(3);
  });

  it('creates an address identity when the sender has no domain of its own to verify', () => {
    // Act
    const prod = synthStage('prod', false, { mailFrom: 'me@acme.test', mailIdentity: 'address' });

    // Assess
    prod.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'me@acme.test',
    });
  });
});

describe('CORS origins', () => {
  it('allows no browser origin by default: no preflight methods, no CORS headers anywhere', () => {
    // Act
    const dev = synthStage('dev');

    // Assess
    const verbs = [...methodsByRoute(dev.template).keys()].map((key) => key.split(' ')[0]);
    expect(verbs).not.toContain('OPTIONS');
    expect(JSON.stringify(dev.template.toJSON())).not.toMatch(
      /Access-Control|CORS_ALLOWED_ORIGINS/,
    );
  });

  it('answers preflights on every path of a route and tells every function the origins', () => {
    // Prepare
    const origins = 'https://app.acme.test,https://admin.acme.test';

    // Act
    const dev = synthStage('dev', false, { corsOrigins: origins });

    // Assess
    const methods = methodsByRoute(dev.template);
    const routePaths = new Set(
      [...methods.keys()]
        .filter((key) => !key.startsWith('OPTIONS '))
        .map((key) => key.split(' ')[1]),
    );
    for (const path of routePaths) expect(methods.has(`OPTIONS ${path}`)).toBe(true);
    const functions = Object.values(resourcesOf(dev.template, 'AWS::Lambda::Function')).filter(
      (fn) => String(fn.Properties?.Description).startsWith('GET /v1/'),
    );
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      expect(fn.Properties?.Environment).toMatchObject({
        Variables: { CORS_ALLOWED_ORIGINS: origins },
      });
    }
  });

  it('lets a browser on the one allowed origin read API Gateway errors (401, 429 …)', () => {
    // Act
    const dev = synthStage('dev', false, { corsOrigins: 'https://app.acme.test' });

    // Assess
    dev.template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      ResponseParameters: Match.objectLike({
        'gatewayresponse.header.Access-Control-Allow-Origin': "'https://app.acme.test'",
        'gatewayresponse.header.Access-Control-Expose-Headers': `'${corsExposedHeaders.join(',')}'`,
        'gatewayresponse.header.Vary': "'Origin'",
      }),
    });
  });

  it.each([
    ['https://app.acme.test/', 'trailing slash'],
    ['*', 'wildcard'],
    ['http://app.acme.test', 'plain http off localhost'],
    ['https://app.acme.test/login', 'a path'],
  ])('refuses -c corsOrigins=%s (%s)', (origin) => {
    // Act / Assess
    expect(synthWith({ corsOrigins: origin })).toThrow(/is not an origin like https:\/\//);
  });

  it('accepts http on localhost, for a front end in development against the dev stage', () => {
    // Act / Assess
    expect(synthWith({ corsOrigins: 'http://localhost:5173' })).not.toThrow();
  });
});

describe('custom domain', () => {
  it('serves the stage at the root of the domain, TLS 1.2 and up, with the given certificate', () => {
    // Act
    const dev = synthStage('dev', false, { domainName: 'api.acme.test', certificateArn });

    // Assess
    dev.template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'api.acme.test',
      RegionalCertificateArn: certificateArn,
      EndpointConfiguration: { Types: ['REGIONAL'] },
      SecurityPolicy: 'TLS_1_2',
    });
    dev.template.resourceCountIs('AWS::ApiGateway::BasePathMapping', 1);
    expect(Object.keys(dev.template.findOutputs('*'))).toEqual(
      expect.arrayContaining(['CustomDomainUrl', 'CustomDomainTarget']),
    );
  });

  it('has no domain unless asked', () => {
    // Act
    const dev = synthStage('dev');

    // Assess
    dev.template.resourceCountIs('AWS::ApiGateway::DomainName', 0);
  });

  it.each([
    [{ domainName: 'api.acme.test' }, /needs both -c domainName=.* and -c certificateArn=/],
    [{ certificateArn }, /needs both -c domainName=.* and -c certificateArn=/],
    [
      { domainName: 'api.acme.test', certificateArn: 'arn:aws:iam::1:role/x' },
      /is not an ACM certificate ARN/,
    ],
    [{ domainName: 'https://api.acme.test', certificateArn }, /is not a host name/],
  ])('refuses an incomplete or malformed domain %o', (context, message) => {
    // Act / Assess
    expect(synthWith(context)).toThrow(message);
  });
});
