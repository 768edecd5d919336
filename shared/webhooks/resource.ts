/**
 * Webhook endpoints, a tenant resource: where the tenant wants its events delivered, which events,
 * and the secret that signs each delivery. The secret is made here and shown once, by the create.
 */
import { randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import { sortKeyPrefixes } from '#shared/data/keys.ts';
import { resourceMetaShape, type TenantResource } from '#shared/resources/model.ts';

/** The events a tenant can subscribe an endpoint to (audit actions of the same name). */
export const webhookEventTypes = [
  'project.created',
  'project.updated',
  'project.deleted',
  'invitation.accepted',
  'member.role_changed',
  'member.removed',
  'tenant.updated',
] as const;
export const webhookEventSchema = z.enum(webhookEventTypes);

export const webhookSchema = z.object({
  webhookId: z.string(),
  url: z.string(),
  events: z.array(webhookEventSchema),
  description: z.string(),
  /** Signs deliveries (HMAC); readable by the API only in the create's answer. */
  secret: z.string(),
  ...resourceMetaShape,
});
export type Webhook = z.infer<typeof webhookSchema>;

const viewShape = {
  id: z.string().check(z.meta({ example: '01JD3ZP5Q9W8X7V6T5S4R3Q2P1' })),
  url: z.string().check(z.meta({ example: 'https://hooks.example.com/tenantkit' })),
  events: z.array(webhookEventSchema),
  description: z.string(),
  createdAt: z.string().check(z.meta({ format: 'date-time' })),
  createdBy: z.string(),
  updatedAt: z.string().check(z.meta({ format: 'date-time' })),
  updatedBy: z.string(),
  version: z.number().check(z.int()),
};
export const webhookViewSchema = z.object(viewShape).check(z.meta({ id: 'Webhook' }));
export type WebhookView = z.infer<typeof webhookViewSchema>;

export const createdWebhookViewSchema = z
  .object({
    ...viewShape,
    secret: z.string().check(
      z.meta({
        description: 'Signs every delivery; shown this once, keep it',
        example: 'whsec_3q2-7Vx0cT1kOeXk7vN5m1yJrP8wQh4B',
      }),
    ),
  })
  .check(z.meta({ id: 'CreatedWebhook' }));
export type CreatedWebhookView = z.infer<typeof createdWebhookViewSchema>;

export interface NewWebhook {
  readonly url: string;
  readonly events: readonly (typeof webhookEventTypes)[number][];
  readonly description: string;
}

const view = ({ webhookId, secret: _secret, ...webhook }: Webhook): WebhookView => ({
  id: webhookId,
  ...webhook,
});

export const webhookResource: TenantResource<Webhook, NewWebhook, WebhookView, CreatedWebhookView> =
  {
    name: 'webhook',
    plural: 'webhooks',
    keyPrefix: sortKeyPrefixes.webhook,
    schema: webhookSchema,
    limit: 'maxWebhooks',
    idOf: (webhook) => webhook.webhookId,
    create: (input, webhookId, meta) => ({
      webhookId,
      url: input.url,
      events: [...input.events],
      description: input.description,
      secret: `whsec_${randomBytes(24).toString('base64url')}`,
      ...meta,
    }),
    view,
    createdView: (webhook) => ({ ...view(webhook), secret: webhook.secret }),
  };
