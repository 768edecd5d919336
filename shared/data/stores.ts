/** The DynamoDB-backed stores, each created once per cold start. */
import { once } from '../config/env.ts';
import { dataConfig } from '../config/runtime-config.ts';
import type { ProjectStore } from '../projects/model.ts';
import type { TenantStore } from '../tenants/model.ts';
import { tenantDocumentClient } from './tenant-clients.ts';
import { DynamoProjectStore } from './project-store.ts';
import { DynamoTenantStore } from './tenant-store.ts';

export const tenantStore = once(
  (): TenantStore => new DynamoTenantStore(tenantDocumentClient, dataConfig().tableName),
);

export const projectStore = once(
  (): ProjectStore => new DynamoProjectStore(tenantDocumentClient, dataConfig().tableName),
);
