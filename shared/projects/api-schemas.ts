/** The project API's request schemas: the handlers validate with them and the OpenAPI document is built from them. */
import * as z from 'zod';
import { pageQueryShape } from '../http/list.ts';
import { projectStatusSchema } from './model.ts';

export const ulidSchema = z
  .string()
  .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID')
  .meta({ example: '01JD3ZP5Q9W8X7V6T5S4R3Q2P1' });

const nameSchema = z.string().trim().min(1).max(120);
const descriptionSchema = z.string().max(2000);
const tagsSchema = z
  .array(
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes, at most 40'),
  )
  .max(20)
  .refine((tags) => new Set(tags).size === tags.length, 'tags must be unique');

export const projectPathSchema = z.strictObject({ id: ulidSchema });

export const createProjectBodySchema = z
  .strictObject({
    name: nameSchema,
    description: descriptionSchema.default(''),
    tags: tagsSchema.default([]),
  })
  .meta({ id: 'CreateProject', example: { name: 'Website relaunch', tags: ['marketing'] } });

export const updateProjectBodySchema = z
  .strictObject({
    name: nameSchema.optional(),
    description: descriptionSchema.optional(),
    status: projectStatusSchema.optional(),
    tags: tagsSchema.optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), 'nothing to change')
  .meta({ id: 'UpdateProject', example: { status: 'archived' } });

export const listProjectsQuerySchema = z.strictObject({
  ...pageQueryShape,
  status: projectStatusSchema.optional(),
});
