/** Builds the real app for infra tests and reads the synthesized template back in helpful shapes. */
import { type CfnElement, NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createTenantKitApp, type TenantKitApp } from '#lib/app.ts';
import type { StageName } from '#lib/common/stage.ts';

/** Skips esbuild (assets become placeholders): template assertions need no bundles. */
export const skipBundling = { 'aws:cdk:bundling-stacks': [] } as const;

export interface SynthesizedStage extends TenantKitApp {
  /** The stack and its nested stacks as one template (see `withNestedStacks`). */
  readonly template: Template;
}

/** What prod refuses to synth without (lib/common/stage.ts), as a deploy passes it with `-c`. */
export const requiredContext: Readonly<Record<StageName, Readonly<Record<string, string>>>> = {
  dev: {},
  prod: { mailFrom: 'no-reply@mail.example.com' },
};

/** Every optional stage setting turned on: the largest templates, and every construct they add. */
export const everySetting: Readonly<Record<string, string>> = {
  mailIdentity: 'domain',
  corsOrigins: 'https://app.example.com,https://admin.example.com',
  domainName: 'api.example.com',
  certificateArn:
    'arn:aws:acm:eu-west-1:123456789012:certificate/0f6e4a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b',
  backupCopyRegion: 'eu-central-1',
};

/** The context of `cdk synth -c stage=<stage>` with the stage's required values, bundling skipped. */
export function stageContext(
  stage: StageName,
  extra: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  return { stage, ...requiredContext[stage], ...skipBundling, ...extra };
}

/** The app as `cdk synth -c stage=<stage>` builds it, minus bundling and (by default) cdk-nag. */
export function synthStage(
  stage: StageName,
  nagChecks = false,
  extra: Readonly<Record<string, unknown>> = {},
): SynthesizedStage {
  const built = createTenantKitApp({ context: stageContext(stage, extra), nagChecks });
  return { ...built, template: withNestedStacks(built.stack) };
}

/** The logical id of `element` in its own template, the parent's or a nested stack's. */
export function logicalIdOf(element: CfnElement): string {
  return Stack.of(element).getLogicalId(element);
}

/** Replaces every `{Ref: parameter}` in `value` by what the parent passes for that parameter. */
function substituteParameters(
  value: unknown,
  parameters: Readonly<Record<string, unknown>>,
): unknown {
  if (Array.isArray(value)) return value.map((item) => substituteParameters(item, parameters));
  if (typeof value !== 'object' || value === null) return value;
  const ref = refOf(value);
  if (ref !== undefined && Object.keys(value).length === 1 && ref in parameters) {
    return parameters[ref];
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, substituteParameters(item, parameters)]),
  );
}

/**
 * `stack`'s template with the resources of its nested stacks added, each nested reference to a
 * parent resource put back as the parent's own expression: assertions then see the deployed
 * whole as one template (a route's method, function and role wherever its module stack put them).
 */
export function withNestedStacks(stack: Stack): Template {
  const parent = Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource> };
  const resources: Record<string, Resource> = { ...parent.Resources };
  for (const nested of stack.node.findAll().filter(NestedStack.isNestedStack)) {
    const stackResource = nested.nestedStackResource;
    if (stackResource === undefined) continue;
    const parentResource = parent.Resources[stack.getLogicalId(stackResource)];
    const parameters = (parentResource?.Properties?.Parameters ?? {}) as Record<string, unknown>;
    const template = Template.fromStack(nested).toJSON() as { Resources: Record<string, Resource> };
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      if (logicalId in resources) throw new Error(`Logical id ${logicalId} is in two templates`);
      resources[logicalId] = substituteParameters(resource, parameters) as Resource;
    }
  }
  return Template.fromJSON({ ...parent, Resources: resources });
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

/** The number of resources in `stack`'s template and in each of its nested stacks', by construct path. */
export function resourceCountsByTemplate(stack: Stack): Map<string, number> {
  const stacks = [stack, ...stack.node.findAll().filter(NestedStack.isNestedStack)];
  return new Map(
    stacks.map((each) => {
      const template = Template.fromStack(each).toJSON() as { Resources?: Record<string, unknown> };
      return [each.node.path, Object.keys(template.Resources ?? {}).length];
    }),
  );
}
