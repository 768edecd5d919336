/** The webhook API's request schemas: the handlers validate with them and the OpenAPI document is built from them. */
import * as z from 'zod/mini';
import { pageQueryShape } from '#shared/http/list.ts';
import { isPublicHttpsUrl } from '#shared/validation/public-url.ts';
import { webhookEventSchema } from './resource.ts';

const urlSchema = z
  .string()
  .check(
    z.maxLength(2048),
    z.refine(isPublicHttpsUrl, 'must be an https URL of a public host (no credentials)'),
  );
const eventsSchema = z.array(webhookEventSchema).check(
  z.minLength(1),
  z.refine((events) => new Set(events).size === events.length, 'events must be unique'),
);
const descriptionSchema = z.string().check(z.maxLength(500));

export const createWebhookBodySchema = z
  .strictObject({
    url: urlSchema,
    events: eventsSchema,
    description: z._default(descriptionSchema, ''),
  })
  .check(
    z.meta({
      id: 'CreateWebhook',
      example: { url: 'https://hooks.example.com/tenantkit', events: ['project.created'] },
    }),
  );

export const updateWebhookBodySchema = z
  .strictObject({
    url: z.optional(urlSchema),
    events: z.optional(eventsSchema),
    description: z.optional(descriptionSchema),
  })
  .check(
    z.refine(
      (body) => Object.values(body).some((value) => value !== undefined),
      'nothing to change',
    ),
    z.meta({ id: 'UpdateWebhook', example: { events: ['project.created', 'project.deleted'] } }),
  );

export const listWebhooksQuerySchema = z.strictObject(pageQueryShape);
