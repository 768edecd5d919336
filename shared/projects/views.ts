/** What the API shows of a project. */
import * as z from 'zod/mini';
import { type Project, projectStatusSchema } from './model.ts';

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

export function projectView(project: Project): ProjectView {
  return {
    id: project.projectId,
    name: project.name,
    description: project.description,
    status: project.status,
    tags: project.tags,
    createdAt: project.createdAt,
    createdBy: project.createdBy,
    updatedAt: project.updatedAt,
    updatedBy: project.updatedBy,
    version: project.version,
  };
}
