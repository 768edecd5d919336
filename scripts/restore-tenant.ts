/**
 * `npm run restore-tenant -- --tenant <id> --from-table <name> [--at <time>] [--dry-run] [--by <name>]`:
 * brings one tenant's items back from a copy of the table (restored from PITR or a backup) into the
 * live table named by TABLE_NAME. Region, endpoint and credentials come from the environment as for
 * every tool (AWS_REGION, DYNAMODB_ENDPOINT locally), so it runs against AWS and `npm start` alike.
 * Exit codes: 0 done, 1 refused or failed, 2 bad usage.
 */
import { hostname, userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConfigurationError } from '#shared/config/env.ts';
import { dataConfig } from '#shared/config/runtime-config.ts';
import { DynamoRestoreStore } from '#shared/data/restore-store.ts';
import { projectResource } from '#shared/projects/resource.ts';
import { RestoreRefused } from '#shared/restore/model.ts';
import { formatRestoreReport } from '#shared/restore/report.ts';
import { restoreTenant } from '#shared/restore/restore-tenant.ts';
import { webhookResource } from '#shared/webhooks/resource.ts';

const usage =
  'Usage: npm run restore-tenant -- --tenant <tenant id> --from-table <restored table> [--at <ISO time>] [--dry-run] [--by <your name>]';

function parse(): { tenant: string; fromTable: string; at?: Date; dryRun: boolean; by: string } {
  const { values } = parseArgs({
    options: {
      tenant: { type: 'string' },
      'from-table': { type: 'string' },
      at: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      by: { type: 'string' },
    },
  });
  if (values.tenant === undefined || values['from-table'] === undefined) throw new Error(usage);
  const at = values.at === undefined ? undefined : new Date(values.at);
  if (at !== undefined && Number.isNaN(at.getTime())) {
    throw new Error(`--at "${values.at}" is not a time (use ISO 8601, e.g. 2026-12-04T08:30:00Z)`);
  }
  return {
    tenant: values.tenant,
    fromTable: values['from-table'],
    ...(at && { at }),
    dryRun: values['dry-run'],
    by: values.by ?? `${userInfo().username}@${hostname()}`,
  };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  let config: ReturnType<typeof dataConfig>;
  try {
    config = dataConfig();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(`${error.message} (TABLE_NAME names the live table; AWS_REGION its region)`);
    return 2;
  }
  const client = new DynamoDBClient(config.client);
  try {
    const report = await restoreTenant(
      { tenantId: args.tenant, dryRun: args.dryRun, by: args.by, ...(args.at && { at: args.at }) },
      {
        store: new DynamoRestoreStore(client, { source: args.fromTable, live: config.tableName }),
        countedResources: [projectResource, webhookResource],
        onProgress: (line) => console.error(line),
      },
    );
    console.log(formatRestoreReport(report));
    return 0;
  } catch (error) {
    if (error instanceof RestoreRefused) {
      console.error(`Refused, nothing written: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    client.destroy();
  }
}

process.exitCode = await main();
