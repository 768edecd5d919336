/** A login that crosses a sign-out in the same second, against cognito-local and DynamoDB Local. */
import { describe, expect, it } from 'vitest';
import { auditEvent } from '#shared/audit/audit-log.ts';
import { authenticatedAt, authorize } from '#shared/auth/authorize.ts';
import { issuedTokenReader } from '#shared/auth/issued-token-reader.ts';
import { logIn, refreshSession } from '#shared/auth/sessions.ts';
import { tokenVerifier } from '#shared/auth/token-verifier.ts';
import { auditStore, tenantStore } from '#shared/data/stores.ts';
import { UnauthorizedError } from '#shared/errors.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import type { AuthTokens, UserDirectory } from '#shared/identity/model.ts';
import { signedUpOwner } from '../../support/owners.ts';
import { validPassword } from '../../support/tenants.ts';
import { decodeClaims } from '../../support/tokens.ts';

const meta = { requestId: 'test', sourceIp: '127.0.0.1' };

describe('logIn', () => {
  it('in the very second of a sign-out, discards that session and hands out one that works', async () => {
    // Prepare: the real directory, except that the first sign-in is followed by a sign-out in its
    // own second (a logout on another device crossing this login), which refuses its tokens.
    const { ctx, email } = await signedUpOwner('Same Second Co', meta);
    const real = userDirectory();
    const issued: AuthTokens[] = [];
    // Inherits every other method of the real directory, so the code under test talks to the emulator.
    const directory: UserDirectory = Object.assign(Object.create(real) as UserDirectory, {
      async signIn(user: string, password: string): Promise<AuthTokens> {
        const tokens = await real.signIn(user, password);
        issued.push(tokens);
        if (issued.length === 1) {
          const second = authenticatedAt(decodeClaims(tokens.idToken));
          await tenantStore().signOut(
            ctx,
            ctx.userId,
            second,
            auditEvent(
              {
                actorId: ctx.userId,
                action: 'auth.logout',
                target: { type: 'user', id: ctx.userId },
                meta,
              },
              new Date(second * 1000),
            ),
          );
        }
        return tokens;
      },
    });
    const sessionDeps = { directory, verifier: issuedTokenReader(), store: tenantStore() };

    // Act
    const tokens = await logIn({ email, password: validPassword }, meta, {
      ...sessionDeps,
      audit: auditStore(),
    });

    // Assess: the session handed out works, the discarded one cannot be refreshed back to life
    expect(issued).toHaveLength(2);
    expect(tokens.idToken).toBe(issued[1]?.idToken);
    await expect(
      authorize(tokens.idToken, { verifier: tokenVerifier(), store: tenantStore() }),
    ).resolves.toMatchObject({ userId: ctx.userId });
    await expect(refreshSession(tokens.refreshToken ?? '', sessionDeps)).resolves.toHaveProperty(
      'idToken',
    );
    await expect(real.refresh(issued[0]?.refreshToken ?? '')).rejects.toThrow(UnauthorizedError);
    const logins = await auditStore().list(ctx, { action: 'auth.login', limit: 10 });
    expect(logins.items).toHaveLength(1);
  });
});
