/** The claims of a token Cognito has just issued to the function: ours, current and an ID token, or 401. */
import { describe, expect, it } from 'vitest';
import { createIssuedTokenReader } from '#shared/auth/issued-token-reader.ts';
import { UnauthorizedError } from '#shared/errors.ts';
import { type Claims, emulatorSignedToken } from '../../../support/tokens.ts';

const config = {
  issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_pool',
  audience: 'client-1',
  jwksUri: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_pool/.well-known/jwks.json',
};
const reader = createIssuedTokenReader(config);
const now = Math.floor(Date.now() / 1000);
const idClaims: Claims = {
  sub: 'user-1',
  iss: config.issuer,
  aud: config.audience,
  token_use: 'id',
  'custom:tenantId': '01JTESTTENANT0000000000000',
  iat: now,
  exp: now + 3600,
};

describe('issued token reader', () => {
  it('returns the claims of a current ID token of our pool and client', async () => {
    const claims = await reader.verify(emulatorSignedToken(idClaims));

    expect(claims).toMatchObject({
      sub: 'user-1',
      'custom:tenantId': '01JTESTTENANT0000000000000',
    });
  });

  it.each([
    ['another issuer', { iss: 'https://cognito-idp.eu-west-1.amazonaws.com/other' }],
    ['another app client', { aud: 'client-2' }],
    ['an access token', { token_use: 'access' }],
    ['an expired token', { exp: now - 60 }],
  ])('refuses %s with 401, so a misconfigured pool fails loudly', async (_case, changes) => {
    await expect(reader.verify(emulatorSignedToken({ ...idClaims, ...changes }))).rejects.toThrow(
      UnauthorizedError,
    );
  });

  it('refuses what is not a JWT', async () => {
    await expect(reader.verify('not-a-jwt')).rejects.toThrow(UnauthorizedError);
  });
});
