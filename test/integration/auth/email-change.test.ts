/**
 * An email change whose new address is taken between the check and the write, against DynamoDB
 * Local and cognito-local: whether Cognito refuses it or the table's transaction does (and Cognito is
 * put back), the answer is 409 with the member, the guards, the sign-in and the code as they were.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  confirmEmailChange,
  type EmailChangeDependencies,
  requestEmailChange,
} from '#shared/accounts/email-change.ts';
import type { CodeMail } from '#shared/accounts/mail.ts';
import type { AccountStore } from '#shared/accounts/model.ts';
import type { TenantContext } from '#shared/auth/tenant-context.ts';
import { documentClient } from '#shared/data/document-client.ts';
import { globalKeys } from '#shared/data/keys.ts';
import { accountStore, auditStore, tenantStore } from '#shared/data/stores.ts';
import { ConflictError, UnauthorizedError } from '#shared/errors.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import { signedUpOwner } from '../../support/owners.ts';
import { uniqueEmail, validPassword } from '../../support/tenants.ts';

const meta = { requestId: 'test', sourceIp: '127.0.0.1' };

/** The real dependencies, but the guard lookup misses every account, as when one signs up in between. */
function racingDependencies(mails: CodeMail[]): EmailChangeDependencies {
  const racing: AccountStore = Object.assign(Object.create(accountStore()) as AccountStore, {
    findByEmail: async () => undefined,
  });
  return {
    store: racing,
    tenants: tenantStore(),
    audit: auditStore(),
    directory: userDirectory(),
    deliver: async (_scope, mail) => {
      mails.push(mail);
    },
    notify: async () => undefined,
  };
}

/** Requests a change of `ctx`'s email to `newEmail` and confirms it with the mailed code. */
async function changeEmail(ctx: TenantContext, newEmail: string): Promise<unknown> {
  const mails: CodeMail[] = [];
  const deps = racingDependencies(mails);
  await requestEmailChange({ ctx, meta }, { newEmail, currentPassword: validPassword }, deps);
  return confirmEmailChange({ ctx, meta }, mails[0]?.code ?? '', deps).catch(
    (error: unknown) => error,
  );
}

async function assertUnchanged(ctx: TenantContext, email: string, newEmail: string): Promise<void> {
  const { member } = await tenantStore().getTenantAndMember(ctx, ctx.userId);
  expect(member?.email).toBe(email);
  expect(await accountStore().findByEmail(email)).toEqual({
    tenantId: ctx.tenantId,
    userId: ctx.userId,
  });
  expect((await userDirectory().signIn(email, validPassword)).idToken).toBeTruthy();
  expect(await accountStore().getCode(ctx, 'changeEmail', ctx.userId)).toMatchObject({ newEmail });
}

describe('confirmEmailChange', () => {
  it('answers 409 and changes nothing when Cognito has another user with the new email', async () => {
    // Prepare
    const { ctx, email } = await signedUpOwner('Racing Co', meta);
    const other = await signedUpOwner('Faster Co', meta);

    // Act
    const refused = await changeEmail(ctx, other.email);

    // Assess
    expect(refused).toBeInstanceOf(ConflictError);
    await assertUnchanged(ctx, email, other.email);
    expect(await accountStore().findByEmail(other.email)).toEqual({
      tenantId: other.ctx.tenantId,
      userId: other.ctx.userId,
    });
    expect((await userDirectory().signIn(other.email, validPassword)).idToken).toBeTruthy();
  });

  it('answers 409 and puts Cognito back when the table finds the new email taken', async () => {
    // Prepare: the guard of a sign-up that has not reached Cognito yet
    const { ctx, email } = await signedUpOwner('Second Racing Co', meta);
    const taken = uniqueEmail('signing-up');
    await documentClient().send(
      new PutCommand({
        TableName: process.env.TABLE_NAME,
        Item: { ...globalKeys.emailGuard(taken), type: 'emailGuard', tenantId: 'x', userId: 'y' },
      }),
    );

    // Act
    const refused = await changeEmail(ctx, taken);

    // Assess
    expect(refused).toBeInstanceOf(ConflictError);
    await assertUnchanged(ctx, email, taken);
    await expect(userDirectory().signIn(taken, validPassword)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
  });
});
