/**
 * Verifies Cognito ID tokens: RS256 signature against the pool's JWKS, issuer, audience (our app
 * client), expiry and token use. Issuer and JWKS URI come from configuration, so AWS and the local
 * emulator share this one code path.
 */
import { JwtRsaVerifier } from 'aws-jwt-verify';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { once } from '../config/env.ts';
import { type TokenConfig, tokenConfig } from '../config/runtime-config.ts';
import { UnauthorizedError } from '../errors.ts';

const jwksTimeoutMs = 3_000;

/** The library's default fetcher refuses plain http:, which the local emulator serves. */
const fetchJwks: Fetcher = {
  async fetch(uri: string): Promise<ArrayBuffer> {
    const response = await fetch(uri, { signal: AbortSignal.timeout(jwksTimeoutMs) });
    if (!response.ok) throw new Error(`JWKS request failed with HTTP ${response.status}`);
    return response.arrayBuffer();
  },
};

export interface TokenVerifier {
  /** The verified payload; UnauthorizedError for any token that is not one of ours and current. */
  verify(token: string): Promise<JwtPayload>;
}

export function createTokenVerifier(config: TokenConfig): TokenVerifier {
  const verifier = JwtRsaVerifier.create(
    {
      issuer: config.issuer,
      audience: config.audience,
      jwksUri: config.jwksUri,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'id') throw new Error('not an ID token');
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher: fetchJwks }) },
  );
  return {
    async verify(token: string): Promise<JwtPayload> {
      try {
        return await verifier.verify(token);
      } catch (error) {
        throw new UnauthorizedError('Token is invalid or expired', undefined, { cause: error });
      }
    },
  };
}

export const tokenVerifier = once(() => createTokenVerifier(tokenConfig()));
