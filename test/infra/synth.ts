/** Builds the real app for infra tests and reads the synthesized template back in helpful shapes. */
import { Template } from 'aws-cdk-lib/assertions';
import { createTenantKitApp, type TenantKitApp } from '#lib/app.ts';
import type { StageName } from '#lib/common/stage.ts';

/** Skips esbuild (assets become placeholders): template assertions need no bundles. */
export const skipBundling = { 'aws:cdk:bundling-stacks': [] } as const;

export interface SynthesizedStage extends TenantKitApp {
  readonly template: Template;
}

/** The app as `cdk synth -c stage=<stage>` builds it, minus bundling and (by default) cdk-nag. */
export function synthStage(stage: StageName, nagChecks = false): SynthesizedStage {
  const built = createTenantKitApp({ context: { stage, ...skipBundling }, nagChecks });
  return { ...built, template: Template.fromStack(built.stack) };
}

export type Resource = {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
};

export function resourcesOf(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

export function refOf(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null && 'Ref' in value) {
    const ref = (value as { Ref: unknown }).Ref;
    return typeof ref === 'string' ? ref : undefined;
  }
  return undefined;
}

export function getAttOf(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null && 'Fn::GetAtt' in value) {
    const att = (value as { 'Fn::GetAtt': unknown })['Fn::GetAtt'];
    return Array.isArray(att) && typeof att[0] === 'string' ? att[0] : undefined;
  }
  return undefined;
}

/**
 * Every API Gateway method keyed as `GET /v1/me`, with its properties: paths are rebuilt by walking
 * the Resource tree, so the test sees the API as a client would.
 */
export function methodsByRoute(template: Template): Map<string, Record<string, unknown>> {
  const resources = resourcesOf(template, 'AWS::ApiGateway::Resource');
  const pathOf = (logicalId: string | undefined): string => {
    if (logicalId === undefined) return '';
    const resource = resources[logicalId];
    if (resource === undefined) return '';
    const parent = refOf(resource.Properties?.ParentId);
    return `${pathOf(parent)}/${String(resource.Properties?.PathPart)}`;
  };
  const methods = new Map<string, Record<string, unknown>>();
  for (const method of Object.values(resourcesOf(template, 'AWS::ApiGateway::Method'))) {
    const properties = method.Properties ?? {};
    const path = pathOf(refOf(properties.ResourceId)) || '/';
    methods.set(`${String(properties.HttpMethod)} ${path}`, properties);
  }
  return methods;
}

/** Every IAM statement in the template: role inline policies, policies and managed policies. */
export function allPolicyStatements(template: Template): Record<string, unknown>[] {
  const documents: unknown[] = [];
  for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
    documents.push(policy.Properties?.PolicyDocument);
  }
  for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::ManagedPolicy'))) {
    documents.push(policy.Properties?.PolicyDocument);
  }
  for (const role of Object.values(resourcesOf(template, 'AWS::IAM::Role'))) {
    const inline = (role.Properties?.Policies ?? []) as { PolicyDocument: unknown }[];
    documents.push(...inline.map((policy) => policy.PolicyDocument));
  }
  return documents.flatMap(statementsOf);
}

export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** The statements of one policy document (empty when there is none). */
export function statementsOf(document: unknown): Record<string, unknown>[] {
  if (typeof document !== 'object' || document === null || !('Statement' in document)) return [];
  return asList(document.Statement) as Record<string, unknown>[];
}
