/** Creates control-plane operators and signs them in over HTTP with TOTP, as an operator would. */

import { request } from './gateway.ts';
import { type TokensBody, uniqueEmail } from './tenants.ts';
import { totp } from './totp.ts';

export interface SignedInOperator {
  readonly operatorId: string;
  readonly email: string;
  readonly password: string;
  /** Base32 secret of the operator's authenticator, to compute codes with. */
  readonly secret: string;
  readonly idToken: string;
}

export type OperatorLoginBody =
  | { readonly challenge: 'MFA_SETUP'; readonly secret: string; readonly otpauthUri: string }
  | { readonly challenge: 'SOFTWARE_TOKEN_MFA'; readonly session: string };

/** What `npm run operator -- create <email>` does locally. */
export async function createOperator(
  baseUrl: string,
  email = uniqueEmail('operator'),
): Promise<{ operatorId: string; email: string; password: string }> {
  const response = await fetch(`${baseUrl}/_local/operators?email=${encodeURIComponent(email)}`, {
    method: 'POST',
  });
  if (response.status !== 201) throw new Error(`operator not created: ${response.status}`);
  return (await response.json()) as { operatorId: string; email: string; password: string };
}

/** Creates an operator, enrols their authenticator and returns their first tokens. */
export async function signedInOperator(baseUrl: string): Promise<SignedInOperator> {
  const created = await createOperator(baseUrl);
  const login = await request<OperatorLoginBody>(baseUrl, 'POST', '/v1/platform/auth/login', {
    body: { email: created.email, password: created.password },
  });
  if (login.body.challenge !== 'MFA_SETUP') throw new Error('expected the MFA setup');
  const { secret } = login.body;
  const tokens = await request<TokensBody>(baseUrl, 'POST', '/v1/platform/auth/mfa/setup', {
    body: { email: created.email, password: created.password, code: totp(secret) },
  });
  if (tokens.status !== 200) throw new Error(`MFA setup failed: ${tokens.status}`);
  return { ...created, secret, idToken: tokens.body.idToken };
}
