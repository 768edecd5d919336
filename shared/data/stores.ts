/** The DynamoDB-backed stores, each created once per cold start. */
import type { AccountStore } from '#shared/accounts/model.ts';
import type { AuditStore } from '#shared/audit/model.ts';
import { once } from '#shared/config/env.ts';
import { dataConfig } from '#shared/config/runtime-config.ts';
import type { TenantDataReader } from '#shared/exports/model.ts';
import type { InvitationStore } from '#shared/invitations/model.ts';
import type { JobRecordStore } from '#shared/jobs/job-records.ts';
import type { JobRunStore } from '#shared/jobs/job-runs.ts';
import type { MemberStore } from '#shared/members/model.ts';
import type { OffboardingStore } from '#shared/offboarding/model.ts';
import type { ProjectStore } from '#shared/projects/model.ts';
import type { TenantStore } from '#shared/tenants/model.ts';
import type { ActiveTenantIndex, UpkeepStore, UsageStore } from '#shared/upkeep/model.ts';
import { DynamoAccountStore } from './account-store.ts';
import { DynamoAuditStore } from './audit-store.ts';
import { documentClient } from './document-client.ts';
import { DynamoInvitationStore } from './invitation-store.ts';
import { DynamoJobRecordStore } from './job-record-store.ts';
import { DynamoJobRunStore } from './job-run-store.ts';
import { DynamoMemberStore } from './member-store.ts';
import { DynamoOffboardingStore } from './offboarding-store.ts';
import { DynamoProjectStore } from './project-store.ts';
import { tenantDocumentClient } from './tenant-clients.ts';
import { DynamoTenantDataReader } from './tenant-data-reader.ts';
import { DynamoTenantStore } from './tenant-store.ts';
import { DynamoActiveTenantIndex, DynamoUpkeepStore, DynamoUsageStore } from './upkeep-store.ts';

export const tenantStore = /* @__PURE__ */ once(
  (): TenantStore => new DynamoTenantStore(tenantDocumentClient, dataConfig().tableName),
);

export const projectStore = /* @__PURE__ */ once(
  (): ProjectStore => new DynamoProjectStore(tenantDocumentClient, dataConfig().tableName),
);

export const memberStore = /* @__PURE__ */ once(
  (): MemberStore => new DynamoMemberStore(tenantDocumentClient, dataConfig().tableName),
);

export const invitationStore = /* @__PURE__ */ once(
  (): InvitationStore =>
    new DynamoInvitationStore(tenantDocumentClient, documentClient, dataConfig().tableName),
);

export const auditStore = /* @__PURE__ */ once(
  (): AuditStore => new DynamoAuditStore(tenantDocumentClient, dataConfig().tableName),
);

export const jobRunStore = /* @__PURE__ */ once(
  (): JobRunStore => new DynamoJobRunStore(tenantDocumentClient, dataConfig().tableName),
);

export const jobRecordStore = /* @__PURE__ */ once(
  (): JobRecordStore => new DynamoJobRecordStore(tenantDocumentClient, dataConfig().tableName),
);

export const tenantDataReader = /* @__PURE__ */ once(
  (): TenantDataReader => new DynamoTenantDataReader(tenantDocumentClient, dataConfig().tableName),
);

export const offboardingStore = /* @__PURE__ */ once(
  (): OffboardingStore =>
    new DynamoOffboardingStore(tenantDocumentClient, documentClient, dataConfig().tableName),
);

export const usageStore = /* @__PURE__ */ once(
  (): UsageStore => new DynamoUsageStore(tenantDocumentClient, dataConfig().tableName),
);

export const upkeepStore = /* @__PURE__ */ once(
  (): UpkeepStore => new DynamoUpkeepStore(tenantDocumentClient, dataConfig().tableName),
);

export const activeTenantIndex = /* @__PURE__ */ once(
  // Spans tenants, so it reads with the function's own role (a grant bound to that index's keys).
  (): ActiveTenantIndex => new DynamoActiveTenantIndex(documentClient, dataConfig().tableName),
);

export const accountStore = /* @__PURE__ */ once(
  (): AccountStore =>
    new DynamoAccountStore(tenantDocumentClient, documentClient, dataConfig().tableName),
);
