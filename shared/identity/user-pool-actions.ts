/** User-pool actions that several routes' functions need together (their IAM grants follow). */
import type { UserPoolAction } from '#shared/http/route.ts';

/** Creating a Cognito user all or nothing: create, set the password, look up, delete again on failure. */
export const createsUsers = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminDeleteUser',
] as const satisfies readonly UserPoolAction[];
