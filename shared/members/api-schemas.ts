/** Request schemas of the member routes: the handlers validate with them and OpenAPI is built from them. */
import * as z from 'zod/mini';
import { pageQueryShape } from '#shared/http/list.ts';
import { assignableRoleSchema, userIdSchema } from './model.ts';

export const memberPathSchema = z.strictObject({ userId: userIdSchema });

export const listMembersQuerySchema = z.strictObject({ ...pageQueryShape });

export const updateMemberBodySchema = z
  .strictObject({
    role: assignableRoleSchema.check(
      z.meta({
        description: 'Not `owner`: ownership moves only through POST /v1/tenant/transfer-ownership',
      }),
    ),
  })
  .check(z.meta({ id: 'UpdateUser', example: { role: 'admin' } }));

export const transferOwnershipBodySchema = z
  .strictObject({ userId: userIdSchema })
  .check(z.meta({ id: 'TransferOwnership' }));
