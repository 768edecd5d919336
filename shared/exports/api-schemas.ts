/** The export API's response schema (the request has no body). */
import * as z from 'zod';

export const exportStartedSchema = z
  .object({
    jobId: z.string().meta({ example: '01JD3ZP5Q9W8X7V6T5S4R3Q2P1' }),
    status: z.literal('queued'),
  })
  .meta({ id: 'ExportStarted' });
