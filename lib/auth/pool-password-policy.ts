/**
 * The one password policy (shared/identity/password-policy.ts) as a Cognito pool states it, so the
 * tenant and operator pools can never drift from each other or from the API's validation.
 */
import type { Duration } from 'aws-cdk-lib';
import type { PasswordPolicy } from 'aws-cdk-lib/aws-cognito';
import { passwordPolicy } from '#shared/identity/password-policy.ts';

/** Cognito has no maximum length; the API validates passwordPolicy.maxLength before calling it. */
export function poolPasswordPolicy(tempPasswordValidity: Duration): PasswordPolicy {
  return {
    minLength: passwordPolicy.minLength,
    requireLowercase: passwordPolicy.requireLowercase,
    requireUppercase: passwordPolicy.requireUppercase,
    requireDigits: passwordPolicy.requireDigits,
    requireSymbols: passwordPolicy.requireSymbols,
    tempPasswordValidity,
  };
}
