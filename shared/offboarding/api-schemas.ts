/** The offboarding API's schemas. */
import * as z from 'zod/mini';

export const deleteTenantBodySchema = z
  .strictObject({
    confirm: z
      .string()
      .check(z.minLength(1), z.maxLength(200), z.meta({ description: 'The tenant’s exact name' })),
  })
  .check(z.meta({ id: 'DeleteTenant', example: { confirm: 'Acme' } }));

export const offboardingStartedSchema = z
  .object({
    jobId: z.string().check(z.meta({ example: '01JD3ZP5Q9W8X7V6T5S4R3Q2P1' })),
    status: z.literal('deleting'),
  })
  .check(z.meta({ id: 'TenantDeletionStarted' }));
