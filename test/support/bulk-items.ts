/** Writes many items of one tenant quickly (BatchWriteItem, 25 per call), for export and deletion tests. */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { documentClient } from '#shared/data/document-client.ts';
import { sortKeyPrefixes, tenantKeys } from '#shared/data/keys.ts';

async function writeAll(items: Record<string, unknown>[]): Promise<void> {
  const table = process.env.TABLE_NAME ?? '';
  const batches: Record<string, unknown>[][] = [];
  for (let index = 0; index < items.length; index += 25)
    batches.push(items.slice(index, index + 25));
  // A few batches in flight at once: DynamoDB Local takes that well and it is several times faster.
  for (let index = 0; index < batches.length; index += 8) {
    await Promise.all(
      batches.slice(index, index + 8).map(async (batch) => {
        let pending = { [table]: batch.map((Item) => ({ PutRequest: { Item } })) };
        while ((pending[table]?.length ?? 0) > 0) {
          const result = await documentClient().send(
            new BatchWriteCommand({ RequestItems: pending }),
          );
          pending = (result.UnprocessedItems ?? {}) as typeof pending;
        }
      }),
    );
  }
}

/** `count` projects and `auditCount` audit events in the tenant's partitions; returns the project ids. */
export async function seedTenantItems(
  scope: TenantScope,
  { projects, audit }: { projects: number; audit: number },
): Promise<string[]> {
  const at = new Date().toISOString();
  const projectIds = Array.from({ length: projects }, () => ulid());
  const items: Record<string, unknown>[] = projectIds.map((projectId, index) => ({
    ...tenantKeys.resource(scope, sortKeyPrefixes.project, projectId),
    ...tenantKeys.resourceByAttribute(scope, 'PROJECT_STATUS', 'active', projectId),
    type: 'project',
    projectId,
    name: `Project ${index}`,
    description: 'x'.repeat(100),
    status: 'active',
    tags: ['seeded'],
    createdAt: at,
    createdBy: 'seed',
    updatedAt: at,
    updatedBy: 'seed',
    version: 1,
  }));
  for (let index = 0; index < audit; index++) {
    const eventId = ulid();
    items.push({
      ...tenantKeys.auditEvent(scope, at, eventId),
      type: 'audit',
      eventId,
      occurredAt: at,
      actorId: 'seed',
      action: 'project.created',
      target: { type: 'project', id: projectIds[index % Math.max(1, projectIds.length)] ?? 'x' },
      requestId: 'seed',
      sourceIp: '127.0.0.1',
    });
  }
  await writeAll(items);
  return projectIds;
}
