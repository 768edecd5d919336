/**
 * The Cognito of `npm start -- --persist`: pools kept in cognito-local's own files answer every call
 * the account flows make as the in-memory one does (a reset and a password change end every session
 * with AdminUserGlobalSignOut, which stock cognito-local lacks), and still hold the users after a
 * restart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserPool, localCredentials, localRegion } from '#dev/bootstrap.ts';
import { startCognitoLocal } from '#dev/emulators/cognito.ts';
import type { Emulator } from '#dev/emulators/dynamodb.ts';
import { freePort } from '#dev/processes.ts';
import { UnauthorizedError } from '#shared/errors.ts';
import { CognitoUserDirectory } from '#shared/identity/cognito-directory.ts';
import type { UserDirectory } from '#shared/identity/model.ts';
import { uniqueEmail, validPassword } from '../../support/tenants.ts';

let dataDir: string;
let running: Emulator | undefined;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tenantkit-cognito-'));
});
afterAll(async () => {
  await running?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Starts the persisted emulator on `dataDir` and a directory talking to its pool. */
async function persistedDirectory(): Promise<UserDirectory> {
  await running?.stop();
  running = await startCognitoLocal({ port: await freePort(), dataDir, persist: true });
  const pool = await createUserPool(running.endpoint, 'persisted');
  const client = new CognitoIdentityProviderClient({
    endpoint: running.endpoint,
    region: localRegion,
    credentials: localCredentials,
  });
  return new CognitoUserDirectory(client, pool);
}

describe('cognito-local with --persist', () => {
  it('ends every session on a password change, changes the email, and keeps users across a restart', async () => {
    // Prepare
    const directory = await persistedDirectory();
    const email = uniqueEmail();
    const newEmail = uniqueEmail('moved');
    await directory.createUser({ email, password: validPassword, tenantId: 't1', role: 'owner' });
    const session = await directory.signIn(email, validPassword);

    // Act
    await directory.setPassword(email, `${validPassword}-2`);
    await directory.signOutEverywhere(email);
    await directory.changeEmail(email, newEmail);
    const restarted = await persistedDirectory();

    // Assess
    await expect(restarted.refresh(session.refreshToken ?? '')).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    await expect(restarted.signIn(email, `${validPassword}-2`)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    const tokens = await restarted.signIn(newEmail, `${validPassword}-2`);
    expect(tokens.idToken).toBeTruthy();
  });
});
