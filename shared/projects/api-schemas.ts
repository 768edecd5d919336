/** The project API's request schemas: the handlers validate with them and the OpenAPI document is built from them. */
import * as z from 'zod/mini';
import { pageQueryShape } from '#shared/http/list.ts';
import { projectStatusSchema } from './resource.ts';

const nameSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(120));
const descriptionSchema = z.string().check(z.maxLength(2000));
const tagsSchema = z
  .array(
    z
      .string()
      .check(
        z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes, at most 40'),
      ),
  )
  .check(
    z.maxLength(20),
    z.refine((tags) => new Set(tags).size === tags.length, 'tags must be unique'),
  );

export const createProjectBodySchema = z
  .strictObject({
    name: nameSchema,
    description: z._default(descriptionSchema, ''),
    tags: z._default(tagsSchema, []),
  })
  .check(
    z.meta({ id: 'CreateProject', example: { name: 'Website relaunch', tags: ['marketing'] } }),
  );

export const updateProjectBodySchema = z
  .strictObject({
    name: z.optional(nameSchema),
    description: z.optional(descriptionSchema),
    status: z.optional(projectStatusSchema),
    tags: z.optional(tagsSchema),
  })
  .check(
    z.refine(
      (body) => Object.values(body).some((value) => value !== undefined),
      'nothing to change',
    ),
    z.meta({ id: 'UpdateProject', example: { status: 'archived' } }),
  );

export const listProjectsQuerySchema = z.strictObject({
  ...pageQueryShape,
  status: z.optional(projectStatusSchema),
});
