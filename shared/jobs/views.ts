/** What the API shows of a job record. */
import * as z from 'zod/mini';
import { type JobRecord, jobErrorSchema, jobStatusSchema } from './job-records.ts';

export const jobViewSchema = z
  .object({
    id: z.string().check(z.meta({ example: '01JD3ZP5Q9W8X7V6T5S4R3Q2P1' })),
    kind: z.string().check(z.meta({ example: 'data.export' })),
    status: jobStatusSchema,
    progress: z.number().check(z.int(), z.gte(0), z.lte(100)),
    requestedBy: z.string(),
    createdAt: z.string().check(z.meta({ format: 'date-time' })),
    updatedAt: z.string().check(z.meta({ format: 'date-time' })),
    startedAt: z.optional(z.string().check(z.meta({ format: 'date-time' }))),
    finishedAt: z.optional(z.string().check(z.meta({ format: 'date-time' }))),
    error: z.optional(jobErrorSchema),
    result: z.optional(z.record(z.string(), z.unknown())).check(
      z.meta({
        description:
          'What a succeeded job produced; for exports `items`, `bytes`, `fileExpiresAt` and `downloadPath` (`GET` it for the file), or `expired: true` once the file is gone',
      }),
    ),
    version: z.number().check(z.int()),
  })
  .check(z.meta({ id: 'Job' }));
export type JobView = z.infer<typeof jobViewSchema>;

/** Turns a stored result into what the client sees (e.g. a download path instead of a file key). */
export type ResultPresenter = (record: JobRecord) => Record<string, unknown> | undefined;

export function jobView(record: JobRecord, present?: ResultPresenter): JobView {
  const { jobId, result, ...rest } = record;
  const shown = result === undefined ? undefined : present ? present(record) : result;
  return { id: jobId, ...rest, ...(shown !== undefined && { result: shown }) };
}
