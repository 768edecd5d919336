/** The offboarding API's schemas. */
import * as z from 'zod';

export const deleteTenantBodySchema = z
  .strictObject({
    confirm: z.string().min(1).max(200).meta({ description: 'The tenant’s exact name' }),
  })
  .meta({ id: 'DeleteTenant', example: { confirm: 'Acme' } });

export const offboardingStartedSchema = z
  .object({
    jobId: z.string().meta({ example: '01JD3ZP5Q9W8X7V6T5S4R3Q2P1' }),
    status: z.literal('deleting'),
  })
  .meta({ id: 'TenantDeletionStarted' });
