/** The export API's response schema (the request has no body). */
import * as z from 'zod/mini';

export const exportStartedSchema = z
  .object({
    jobId: z.string().check(z.meta({ example: '01JD3ZP5Q9W8X7V6T5S4R3Q2P1' })),
    status: z.literal('queued'),
  })
  .check(z.meta({ id: 'ExportStarted' }));
