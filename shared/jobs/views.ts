/** What the API shows of a job record. */
import * as z from 'zod';
import { type JobRecord, jobErrorSchema, jobStatusSchema } from './job-records.ts';

export const jobViewSchema = z
  .object({
    id: z.string().meta({ example: '01JD3ZP5Q9W8X7V6T5S4R3Q2P1' }),
    kind: z.string().meta({ example: 'data.export' }),
    status: jobStatusSchema,
    progress: z.number().int().min(0).max(100),
    requestedBy: z.string(),
    createdAt: z.string().meta({ format: 'date-time' }),
    updatedAt: z.string().meta({ format: 'date-time' }),
    startedAt: z.string().meta({ format: 'date-time' }).optional(),
    finishedAt: z.string().meta({ format: 'date-time' }).optional(),
    error: jobErrorSchema.optional(),
    result: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({ description: 'What a succeeded job produced; for exports a download URL' }),
    version: z.number().int(),
  })
  .meta({ id: 'Job' });
export type JobView = z.infer<typeof jobViewSchema>;

/** Turns a stored result into what the client sees (e.g. a fresh pre-signed URL for a file key). */
export type ResultPresenter = (
  record: JobRecord,
) => Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined;

export async function jobView(record: JobRecord, present?: ResultPresenter): Promise<JobView> {
  const { jobId, result, ...rest } = record;
  const shown = result === undefined ? undefined : present ? await present(record) : result;
  return { id: jobId, ...rest, ...(shown !== undefined && { result: shown }) };
}
