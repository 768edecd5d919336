/** On AWS every tenant's data calls are signed by a role session tagged with that tenant's id. */
// The credential provider's own STS client (the SDK's nested client), not @aws-sdk/client-sts.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/nested-clients/sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { tenantScopeFromVerifiedClaims } from '#shared/auth/tenant-context.ts';

const sts = mockClient(STSClient);
const roleArn = 'arn:aws:iam::123456789012:role/TenantDataWrite';

beforeAll(() => {
  process.env.TABLE_NAME = 'table';
  process.env.TENANT_DATA_ROLE_ARN = roleArn;
  sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: 'AKIA',
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(Date.now() + 900_000),
    },
  });
});

function scope(tenantId: string) {
  const value = tenantScopeFromVerifiedClaims(tenantId);
  if (!value) throw new Error('bad tenant id');
  return value;
}

describe('tenantDocumentClient', () => {
  it('assumes the tenant data role with the tenant id as session tag, once per tenant', async () => {
    const { tenantDocumentClient } = await import('#shared/data/tenant-clients.ts');
    const tenantA = scope('01JTENANTA0000000000000000');
    const tenantB = scope('01JTENANTB0000000000000000');

    // Resolving a client's credentials is what signing a request does first.
    const resolve = (client: ReturnType<typeof tenantDocumentClient>) =>
      client.config.credentials();
    await resolve(tenantDocumentClient(tenantA));
    await resolve(tenantDocumentClient(tenantA));
    const credentials = await resolve(tenantDocumentClient(tenantB));

    const assumed = sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input);
    expect(assumed).toEqual([
      expect.objectContaining({
        RoleArn: roleArn,
        Tags: [{ Key: 'tenantId', Value: tenantA.tenantId }],
      }),
      expect.objectContaining({
        RoleArn: roleArn,
        Tags: [{ Key: 'tenantId', Value: tenantB.tenantId }],
      }),
    ]);
    expect(credentials.sessionToken).toBe('token');
    expect(tenantDocumentClient(tenantA)).not.toBe(tenantDocumentClient(tenantB));
  });
});
