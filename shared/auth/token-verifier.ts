/**
 * Verifies Cognito ID tokens: RS256 signature against the pool's JWKS, issuer, audience (our app
 * client), expiry and token use. Issuer and JWKS URI come from configuration, so AWS and the local
 * emulator share this one code path.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { once } from '#shared/config/env.ts';
import {
  operatorTokenConfig,
  type TokenConfig,
  tokenConfig,
} from '#shared/config/runtime-config.ts';
import { serviceUnavailableFrom, UnauthorizedError } from '#shared/errors.ts';

const jwksTimeoutMs = 3_000;

/**
 * The library's default fetcher refuses plain http:, which the local emulator serves. node:http(s)
 * rather than global fetch: the SDK has loaded them already, while fetch would load undici on the
 * first cold request (measured by `npm run bench`).
 */
const fetchJwks: Fetcher = {
  fetch(uri: string): Promise<ArrayBuffer> {
    const send = new URL(uri).protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const request = send(uri, { timeout: jwksTimeoutMs }, (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          // The HTTP status as the SDK reports it, so a 5xx of the issuer counts as its outage.
          const failure = new Error(`JWKS request failed with HTTP ${response.statusCode}`);
          reject(Object.assign(failure, { $metadata: { httpStatusCode: response.statusCode } }));
          return;
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
        });
      });
      request.on('timeout', () =>
        request.destroy(
          Object.assign(new Error('JWKS request timed out'), { name: 'TimeoutError' }),
        ),
      );
      request.on('error', reject);
      request.end();
    });
  },
};

export interface TokenVerifier {
  /**
   * The verified payload; UnauthorizedError for any token that is not one of ours and current,
   * ServiceUnavailableError when the issuer's keys cannot be fetched.
   */
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
        throw (
          serviceUnavailableFrom(error) ??
          new UnauthorizedError('Token is invalid or expired', undefined, { cause: error })
        );
      }
    },
  };
}

export const tokenVerifier = once(() => createTokenVerifier(tokenConfig()));

/** Verifies ID tokens of the operator pool; a tenant's token fails its issuer and audience. */
export const operatorTokenVerifier = once(() => createTokenVerifier(operatorTokenConfig()));
