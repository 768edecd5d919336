/** The DynamoDB-backed stores, each created once per cold start. */
import { once } from '../config/env.ts';
import { dataConfig } from '../config/runtime-config.ts';
import type { TenantDataReader } from '../exports/model.ts';
import type { JobRecordStore } from '../jobs/job-records.ts';
import type { JobRunStore } from '../jobs/job-runs.ts';
import type { OffboardingStore } from '../offboarding/model.ts';
import type { ProjectStore } from '../projects/model.ts';
import type { TenantStore } from '../tenants/model.ts';
import type { ActiveTenantIndex, UpkeepStore, UsageStore } from '../upkeep/model.ts';
import { documentClient } from './document-client.ts';
import { DynamoJobRecordStore } from './job-record-store.ts';
import { DynamoJobRunStore } from './job-run-store.ts';
import { DynamoOffboardingStore } from './offboarding-store.ts';
import { DynamoProjectStore } from './project-store.ts';
import { DynamoTenantDataReader } from './tenant-data-reader.ts';
import { DynamoTenantStore } from './tenant-store.ts';
import { DynamoActiveTenantIndex, DynamoUpkeepStore, DynamoUsageStore } from './upkeep-store.ts';

export const tenantStore = once(
  (): TenantStore => new DynamoTenantStore(documentClient(), dataConfig().tableName),
);

export const projectStore = once(
  (): ProjectStore => new DynamoProjectStore(documentClient(), dataConfig().tableName),
);

export const jobRunStore = once(
  (): JobRunStore => new DynamoJobRunStore(() => documentClient(), dataConfig().tableName),
);

export const jobRecordStore = once(
  (): JobRecordStore => new DynamoJobRecordStore(() => documentClient(), dataConfig().tableName),
);

export const tenantDataReader = once(
  (): TenantDataReader =>
    new DynamoTenantDataReader(() => documentClient(), dataConfig().tableName),
);

export const offboardingStore = once(
  (): OffboardingStore =>
    new DynamoOffboardingStore(
      () => documentClient(),
      () => documentClient(),
      dataConfig().tableName,
    ),
);

export const usageStore = once(
  (): UsageStore => new DynamoUsageStore(() => documentClient(), dataConfig().tableName),
);

export const upkeepStore = once(
  (): UpkeepStore => new DynamoUpkeepStore(() => documentClient(), dataConfig().tableName),
);

export const activeTenantIndex = once(
  (): ActiveTenantIndex =>
    new DynamoActiveTenantIndex(() => documentClient(), dataConfig().tableName),
);
