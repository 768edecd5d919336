/** Mail templates render from a flat variable map and refuse mail they cannot render. */
import { describe, expect, it } from 'vitest';
import { renderMail } from '#shared/mail/templates.ts';

describe('invitation template', () => {
  it('names the tenant, the inviter, the role and the way to accept', () => {
    // Act
    const mail = renderMail('invitation', {
      tenantName: 'Acme',
      role: 'member',
      inviterEmail: 'boss@acme.test',
      acceptUrl: 'https://app.example/accept?token=t1',
      ignoredExtra: 'x',
    });

    // Assess
    expect(mail.subject).toBe('You are invited to join Acme');
    expect(mail.text).toContain('boss@acme.test invited you to join Acme as a member.');
    expect(mail.text).toContain('Accept the invitation: https://app.example/accept?token=t1');
  });

  it('refuses to render without the tenant name', () => {
    // Act / Assess
    expect(() => renderMail('invitation', { role: 'admin' })).toThrow();
  });
});
