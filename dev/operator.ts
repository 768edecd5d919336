/**
 * `npm run operator -- create <email>`: creates a control-plane operator with a first password,
 * printed once. Locally it asks the running `npm start` (PORT, default 3000); with
 * `--user-pool-id <OperatorPoolId output> --region <region>` it creates the operator in the
 * deployed stack's operator pool with your AWS credentials. The operator then signs in and enrols
 * an authenticator (README, "Operating the platform").
 */
import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { emailSchema } from '#shared/identity/password-policy.ts';
import { createOperator, firstPassword } from '#shared/platform/operator-accounts.ts';

const usage =
  'usage: npm run operator -- create <email> [--user-pool-id <OperatorPoolId> --region <region>]';

async function createLocally(email: string): Promise<{ operatorId: string; password: string }> {
  const base = `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  const response = await fetch(`${base}/_local/operators?email=${encodeURIComponent(email)}`, {
    method: 'POST',
  }).catch((error: unknown) => {
    throw new Error(`No local backend at ${base}: start it with npm start`, { cause: error });
  });
  const body = (await response.json()) as {
    operatorId?: string;
    password?: string;
    error?: { message: string };
  };
  if (response.status !== 201 || body.operatorId === undefined || body.password === undefined) {
    throw new Error(body.error?.message ?? `The local backend answered ${response.status}`);
  }
  return { operatorId: body.operatorId, password: body.password };
}

async function createOnAws(
  email: string,
  userPoolId: string,
  region: string,
): Promise<{ operatorId: string; password: string }> {
  const client = new CognitoIdentityProviderClient({ region });
  const password = firstPassword();
  try {
    const { operatorId } = await createOperator(client, userPoolId, email, password);
    return { operatorId, password };
  } finally {
    client.destroy();
  }
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { 'user-pool-id': { type: 'string' }, region: { type: 'string' } },
  });
  const [command, emailArgument] = positionals;
  const email = emailSchema.safeParse(emailArgument ?? '');
  if (command !== 'create' || !email.success) throw new Error(usage);
  const userPoolId = values['user-pool-id'];
  const region = values.region ?? process.env.AWS_REGION;
  if (userPoolId !== undefined && region === undefined) throw new Error(`${usage} (no region)`);
  const created =
    userPoolId === undefined || region === undefined
      ? await createLocally(email.data)
      : await createOnAws(email.data, userPoolId, region);
  console.log(
    [
      `Operator ${email.data} created (id ${created.operatorId}).`,
      `First password (shown once): ${created.password}`,
      'Next: POST /v1/platform/auth/login with it; the answer holds the secret of the authenticator to enrol.',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
