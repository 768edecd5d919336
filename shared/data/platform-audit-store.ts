/** DynamoDB adapter of the platform audit trail: one item per operator action, never changed. */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PlatformAuditEvent, PlatformAuditStore } from '#shared/platform/audit.ts';
import { globalKeys } from './keys.ts';

export class DynamoPlatformAuditStore implements PlatformAuditStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(event: PlatformAuditEvent): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...globalKeys.platformAuditEvent(
            event.occurredAt.slice(0, 10),
            event.occurredAt,
            event.eventId,
          ),
          type: 'platformAudit',
          ...event,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }
}
