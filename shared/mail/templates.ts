/**
 * Mail templates: each names the variables it needs and renders a subject and a plain-text body.
 * Callers pass variables as a flat string map, so a new template needs no new job kind.
 */
import * as z from 'zod/mini';

export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
}

interface Template<S extends z.ZodMiniType> {
  readonly variables: S;
  render(variables: z.output<S>): RenderedMail;
}

function template<S extends z.ZodMiniType>(definition: Template<S>): Template<S> {
  return definition;
}

const roleText = (role: string): string => (/^[aeiou]/.test(role) ? `an ${role}` : `a ${role}`);

export const mailTemplates = {
  invitation: template({
    // Unknown extra variables are ignored, so the sender can pass more than one template uses.
    variables: z.object({
      tenantName: z.string().check(z.minLength(1)),
      role: z.string().check(z.minLength(1)),
      inviterEmail: z.optional(z.string()),
      acceptUrl: z.optional(z.string()),
      token: z.optional(z.string()),
      expiresAt: z.optional(z.string()),
    }),
    render: (v) => ({
      subject: `You are invited to join ${v.tenantName}`,
      text: [
        `Hello,`,
        '',
        `${v.inviterEmail ?? 'A team member'} invited you to join ${v.tenantName} as ${roleText(v.role)}.`,
        '',
        ...(v.acceptUrl ? [`Accept the invitation: ${v.acceptUrl}`] : []),
        ...(v.token ? [`Your invitation code: ${v.token}`] : []),
        ...(v.expiresAt ? [`The invitation expires at ${v.expiresAt}.`] : []),
        '',
        'If you did not expect this email, you can ignore it.',
      ].join('\n'),
    }),
  }),
  verifyEmail: template({
    variables: z.object({ code: z.string().check(z.minLength(1)), expiresAt: z.string() }),
    render: (v) => ({
      subject: 'Confirm your email address',
      text: [
        'Hello,',
        '',
        `Your verification code: ${v.code}`,
        `Enter it with POST /v1/auth/verify-email before ${v.expiresAt}.`,
        '',
        'If you did not sign up, you can ignore this email.',
      ].join('\n'),
    }),
  }),
  resetPassword: template({
    variables: z.object({ code: z.string().check(z.minLength(1)), expiresAt: z.string() }),
    render: (v) => ({
      subject: 'Reset your password',
      text: [
        'Hello,',
        '',
        `Your password reset code: ${v.code}`,
        `Enter it with POST /v1/auth/password/reset before ${v.expiresAt}.`,
        'Resetting signs you out on every device.',
        '',
        'If you did not ask for this, ignore this email: your password stays as it is.',
      ].join('\n'),
    }),
  }),
  confirmEmailChange: template({
    variables: z.object({ code: z.string().check(z.minLength(1)), expiresAt: z.string() }),
    render: (v) => ({
      subject: 'Confirm your new email address',
      text: [
        'Hello,',
        '',
        `Your confirmation code: ${v.code}`,
        `To make this your sign-in email, enter it with POST /v1/auth/email/confirm before ${v.expiresAt}.`,
        'Confirming signs you out on every device; then sign in with this address.',
        '',
        'If you did not ask for this, ignore this email: nothing changes without the code.',
      ].join('\n'),
    }),
  }),
  emailChanged: template({
    // Sent to the old address: never a code, and the new address masked.
    variables: z.object({ newEmail: z.string().check(z.minLength(1)), changedAt: z.string() }),
    render: (v) => ({
      subject: 'Your sign-in email was changed',
      text: [
        'Hello,',
        '',
        `At ${v.changedAt} the sign-in email of your account was changed to ${v.newEmail}.`,
        'This address no longer signs in, and every session was ended.',
        '',
        'If you did not do this, ask an owner or admin of your tenant to disable the account at once.',
      ].join('\n'),
    }),
  }),
  trialEnding: template({
    variables: z.object({ trialEnd: z.string().check(z.minLength(1)) }),
    render: (v) => ({
      subject: 'Your trial ends soon',
      text: [
        'Hello,',
        '',
        `The trial of your subscription ends at ${v.trialEnd}.`,
        'To keep your plan, add a payment method in the billing portal (POST /v1/billing/portal).',
        'Without one the tenant moves to the free plan; nothing of its data is deleted.',
      ].join('\n'),
    }),
  }),
} as const;

export type MailTemplateName = keyof typeof mailTemplates;

/** Renders a template; missing or malformed variables throw (the job then fails and dead-letters). */
export function renderMail(
  name: MailTemplateName,
  variables: Record<string, string>,
): RenderedMail {
  // Widened to one template's shape: each definition parses exactly the variables it renders.
  const definition: Template<z.ZodMiniType<Record<string, string | undefined>>> = mailTemplates[
    name
  ] as Template<z.ZodMiniType<Record<string, string | undefined>>>;
  return definition.render(definition.variables.parse(variables));
}
