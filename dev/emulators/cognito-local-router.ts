/**
 * What the local stack adds to cognito-local's API, in memory and with files alike: the operations
 * the API calls that it lacks or answers unlike AWS.
 */
import { CognitoError, NotAuthorizedError, UserNotFoundError } from 'cognito-local/lib/errors.js';
import { Router } from 'cognito-local/lib/server/Router.js';
import type { Services } from 'cognito-local/lib/services/index.js';

/**
 * cognito-local's router, with RevokeToken finding the token's user through the pool's lookup
 * (by index in memory, cognito-indexed-lookups.ts) rather than a scan, the AdminUserGlobalSignOut it
 * lacks (as on AWS it revokes every refresh token of the user; password reset and change and email
 * change call it), and a RespondToAuthChallenge whose refresh token works (an MFA sign-in's, which
 * stock cognito-local issues but does not keep), and an AdminUpdateUserAttributes that refuses an
 * email another user signs in with, as AWS does.
 */
export function completedRouter(services: Services): Router {
  const stock = Router(services);
  return (target) => {
    if (target === 'RevokeToken') {
      return async (ctx, req: { readonly ClientId: string; readonly Token: string }) => {
        const userPool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
        const user = await userPool.getUserByRefreshToken(ctx, req.Token);
        if (!user) throw new NotAuthorizedError();
        const tokens = [...user.RefreshTokens];
        tokens.splice(tokens.indexOf(req.Token), 1);
        await userPool.saveUser(ctx, { ...user, RefreshTokens: tokens });
        return {};
      };
    }
    if (target === 'AdminUserGlobalSignOut') {
      return async (ctx, req: { readonly UserPoolId: string; readonly Username: string }) => {
        const userPool = await services.cognito.getUserPool(ctx, req.UserPoolId);
        const user = await userPool.getUserByUsername(ctx, req.Username);
        if (!user) throw new UserNotFoundError();
        await userPool.saveUser(ctx, { ...user, RefreshTokens: [] });
        return {};
      };
    }
    if (target === 'AdminUpdateUserAttributes') {
      // As AWS does for a pool that signs in with email: an address another user signs in with is
      // refused (cognito-local would give both users the address, and the email change would race).
      const update = stock(target);
      return async (
        ctx,
        req: {
          readonly UserPoolId: string;
          readonly Username: string;
          readonly UserAttributes?: readonly { readonly Name: string; readonly Value?: string }[];
        },
      ) => {
        const userPool = await services.cognito.getUserPool(ctx, req.UserPoolId);
        const email = req.UserAttributes?.find(({ Name }) => Name === 'email')?.Value;
        if (email !== undefined && userPool.options.UsernameAttributes?.includes('email')) {
          const [user, holder] = await Promise.all([
            userPool.getUserByUsername(ctx, req.Username),
            userPool.getUserByUsername(ctx, email),
          ]);
          if (user && holder && holder.Username !== user.Username) {
            throw new CognitoError(
              'AliasExistsException',
              'An account with the given email already exists.',
            );
          }
        }
        return update(ctx, req as never);
      };
    }
    if (target === 'RespondToAuthChallenge') {
      // Stock cognito-local issues a refresh token here without keeping it, so it never refreshes.
      const respond = stock(target);
      return async (
        ctx,
        req: { readonly ClientId: string; readonly ChallengeResponses?: Record<string, string> },
      ) => {
        const result = (await respond(ctx, req as never)) as {
          AuthenticationResult?: { RefreshToken?: string };
        };
        const refreshToken = result.AuthenticationResult?.RefreshToken;
        const username = req.ChallengeResponses?.USERNAME;
        if (refreshToken !== undefined && username !== undefined) {
          const userPool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
          const user = await userPool.getUserByUsername(ctx, username);
          if (user) await userPool.storeRefreshToken(ctx, refreshToken, user);
        }
        return result;
      };
    }
    return stock(target);
  };
}
