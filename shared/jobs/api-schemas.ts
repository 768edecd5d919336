/** The jobs API's request schemas. */
import * as z from 'zod/mini';
import { pageQueryShape } from '#shared/http/list.ts';
import { ulidSchema } from '#shared/resources/api-schemas.ts';

export const jobPathSchema = z.strictObject({ id: ulidSchema });

export const listJobsQuerySchema = z.strictObject({ ...pageQueryShape });
