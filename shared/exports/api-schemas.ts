/** The export API's response schemas (its requests have no body). */
import * as z from 'zod/mini';

export const exportStartedSchema = z
  .object({
    jobId: z.string().check(z.meta({ example: '01JD3ZP5Q9W8X7V6T5S4R3Q2P1' })),
    status: z.literal('queued'),
  })
  .check(z.meta({ id: 'ExportStarted' }));

/** The body of the download route's 302, for clients that read it instead of following `Location`. */
export const exportDownloadSchema = z
  .object({
    downloadUrl: z.string().check(
      z.meta({
        format: 'uri',
        description:
          'Pre-signed GET URL of the gzip JSON Lines file; send no Authorization with it',
      }),
    ),
    expiresAt: z
      .string()
      .check(z.meta({ format: 'date-time', description: 'When the URL stops working' })),
  })
  .check(z.meta({ id: 'ExportDownload' }));
