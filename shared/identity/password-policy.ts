/** One password policy: the Cognito user pool is built from it and sign-up validates against it first. */
import * as z from 'zod/mini';

export const passwordPolicy = {
  minLength: 12,
  maxLength: 256,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
} as const;

export const passwordSchema = z
  .string()
  .check(
    z.minLength(passwordPolicy.minLength),
    z.maxLength(passwordPolicy.maxLength),
    z.regex(/[a-z]/, 'must contain a lowercase letter'),
    z.regex(/[A-Z]/, 'must contain an uppercase letter'),
    z.regex(/[0-9]/, 'must contain a digit'),
    z.regex(/[^A-Za-z0-9]/, 'must contain a symbol'),
  );

/** Emails are compared case-insensitively everywhere, so they are stored lowercased. */
export const emailSchema = z.pipe(
  z.pipe(z.string().check(z.trim(), z.maxLength(254)), z.email()),
  z.transform((email: string) => email.toLowerCase()),
);
