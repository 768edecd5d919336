/** Request schemas every tenant resource shares: ULID ids in the path. */
import * as z from 'zod/mini';

export const ulidSchema = z
  .string()
  .check(
    z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID'),
    z.meta({ example: '01JD3ZP5Q9W8X7V6T5S4R3Q2P1' }),
  );

/** `/v1/<resources>/{id}`: validated before any database call. */
export const resourcePathSchema = z.strictObject({ id: ulidSchema });
