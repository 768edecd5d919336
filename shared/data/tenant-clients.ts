/**
 * DynamoDB clients scoped to one tenant. On AWS each client signs with credentials of a role
 * assumed with the session tag `tenantId`, whose policy lets it touch only keys `T#<tenantId>` and
 * `T#<tenantId>#…` (and the global email guards): a bug that builds another tenant's key is refused
 * by IAM. Locally, where DynamoDB Local ignores IAM, every scope shares the one client.
 */

import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { awsClientTimeouts, dataConfig } from '#shared/config/runtime-config.ts';
import { createDocumentClient, documentClient } from './document-client.ts';

/** Warm containers serve few tenants; the bound keeps memory flat for the ones that serve many. */
const maxCachedTenants = 64;
const sessionSeconds = 900;
const clients = new Map<string, DynamoDBDocumentClient>();

export type TenantClientFactory = (scope: TenantScope) => DynamoDBDocumentClient;

export const tenantDocumentClient: TenantClientFactory = (scope) => {
  const config = dataConfig();
  if (config.tenantRoleArn === undefined) return documentClient();
  const cached = clients.get(scope.tenantId);
  if (cached) {
    // Re-insert to keep the map in least-recently-used order.
    clients.delete(scope.tenantId);
    clients.set(scope.tenantId, cached);
    return cached;
  }
  const client = createDocumentClient({
    ...config.client,
    // Lazy and self-refreshing: STS is called on the first request and again before expiry.
    credentials: fromTemporaryCredentials({
      params: {
        RoleArn: config.tenantRoleArn,
        RoleSessionName: `tenant-${scope.tenantId}`,
        DurationSeconds: sessionSeconds,
        Tags: [{ Key: 'tenantId', Value: scope.tenantId }],
      },
      clientConfig: { region: config.client.region, ...awsClientTimeouts },
    }),
  });
  clients.set(scope.tenantId, client);
  if (clients.size > maxCachedTenants) {
    const oldest = clients.keys().next().value;
    if (oldest !== undefined) {
      clients.get(oldest)?.destroy();
      clients.delete(oldest);
    }
  }
  return client;
};
