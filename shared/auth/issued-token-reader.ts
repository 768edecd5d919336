/**
 * Reads the claims of an ID token this function has just received from Cognito itself (sign-in,
 * refresh), without checking its signature. The token came straight from the issuer's endpoint over
 * TLS, which authenticates the issuer (OpenID Connect Core 3.1.3.7 allows exactly this), so a
 * signature check would prove nothing more and would cost every cold start a JWKS download.
 * Tokens a client presents are never read this way: the authorizer verifies them (token-verifier.ts).
 */
import { decomposeUnverifiedJwt, validateJwtFields } from 'aws-jwt-verify/jwt';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { once } from '#shared/config/env.ts';
import { type TokenConfig, tokenConfig } from '#shared/config/runtime-config.ts';
import { UnauthorizedError } from '#shared/errors.ts';
import type { TokenVerifier } from './token-verifier.ts';

export function createIssuedTokenReader(config: TokenConfig): TokenVerifier {
  return {
    async verify(token: string): Promise<JwtPayload> {
      try {
        const { payload } = decomposeUnverifiedJwt(token);
        // Still ours, current and an ID token: a misconfigured pool or client fails here, loudly.
        validateJwtFields(payload, { issuer: config.issuer, audience: config.audience });
        if (payload.token_use !== 'id') throw new Error('not an ID token');
        return payload;
      } catch (error) {
        throw new UnauthorizedError('Token is invalid or expired', undefined, { cause: error });
      }
    },
  };
}

export const issuedTokenReader = once(() => createIssuedTokenReader(tokenConfig()));
