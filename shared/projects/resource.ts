/** Projects, the sample tenant resource: what is stored, what the API shows, and its declaration. */
import * as z from 'zod/mini';
import { sortKeyPrefixes } from '#shared/data/keys.ts';
import { resourceMetaShape, type TenantResource } from '#shared/resources/model.ts';

export const projectStatuses = ['active', 'archived'] as const;
export const projectStatusSchema = z.enum(projectStatuses);
export type ProjectStatus = z.infer<typeof projectStatusSchema>;

export const projectSchema = z.object({
  projectId: z.string(),
  name: z.string(),
  description: z.string(),
  status: projectStatusSchema,
  tags: z.array(z.string()),
  ...resourceMetaShape,
});
export type Project = z.infer<typeof projectSchema>;

export const projectViewSchema = z
  .object({
    id: z.string().check(z.meta({ example: '01JD3ZP5Q9W8X7V6T5S4R3Q2P1' })),
    name: z.string().check(z.meta({ example: 'Website relaunch' })),
    description: z.string(),
    status: projectStatusSchema,
    tags: z.array(z.string()),
    createdAt: z.string().check(z.meta({ format: 'date-time' })),
    createdBy: z.string(),
    updatedAt: z.string().check(z.meta({ format: 'date-time' })),
    updatedBy: z.string(),
    version: z.number().check(z.int()),
  })
  .check(z.meta({ id: 'Project' }));
export type ProjectView = z.infer<typeof projectViewSchema>;

export interface NewProject {
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
}

export const projectResource: TenantResource<Project, NewProject, ProjectView> = {
  name: 'project',
  plural: 'projects',
  keyPrefix: sortKeyPrefixes.project,
  schema: projectSchema,
  limit: 'maxProjects',
  idOf: (project) => project.projectId,
  create: (input, projectId, meta) => ({
    projectId,
    name: input.name,
    description: input.description,
    status: 'active',
    tags: [...input.tags],
    ...meta,
  }),
  view: ({ projectId, ...project }) => ({ id: projectId, ...project }),
  // GSI2 partition `T#<tenantId>#PROJECT_STATUS#<status>`.
  filter: { attribute: 'status', index: 'PROJECT_STATUS' },
};
