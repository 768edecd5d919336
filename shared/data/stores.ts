/** The DynamoDB-backed stores, each created once per cold start. */
import type { AccountStore } from '#shared/accounts/model.ts';
import type { AuditStore } from '#shared/audit/model.ts';
import type { MeterReportStore } from '#shared/billing/meter-report.ts';
import type { BillingStore } from '#shared/billing/model.ts';
import { once } from '#shared/config/env.ts';
import { dataConfig } from '#shared/config/runtime-config.ts';
import type { CostStore } from '#shared/costs/model.ts';
import type { TenantDataReader } from '#shared/exports/model.ts';
import type { InvitationStore } from '#shared/invitations/model.ts';
import type { JobRecordStore } from '#shared/jobs/job-records.ts';
import type { JobRunStore } from '#shared/jobs/job-runs.ts';
import type { TenantIndex } from '#shared/jobs/tenant-fan-out.ts';
import type { LimitStore } from '#shared/limits/model.ts';
import type { MemberStore } from '#shared/members/model.ts';
import type { OffboardingStore } from '#shared/offboarding/model.ts';
import type { PlatformAuditStore } from '#shared/platform/audit.ts';
import type {
  TenantControlStore,
  TenantDirectory,
  TenantFactsReader,
} from '#shared/platform/model.ts';
import { type Project, projectResource } from '#shared/projects/resource.ts';
import type { ResourceStore } from '#shared/resources/model.ts';
import type { TenantStore } from '#shared/tenants/model.ts';
import type { UsageStore } from '#shared/upkeep/model.ts';
import type { UsageReader } from '#shared/usage/model.ts';
import { type Webhook, webhookResource } from '#shared/webhooks/resource.ts';
import { DynamoAccountStore } from './account-store.ts';
import { DynamoAuditStore } from './audit-store.ts';
import { DynamoBillingStore } from './billing-store.ts';
import { DynamoCostStore } from './cost-store.ts';
import { documentClient } from './document-client.ts';
import { DynamoInvitationStore } from './invitation-store.ts';
import { DynamoJobRecordStore } from './job-record-store.ts';
import { DynamoJobRunStore } from './job-run-store.ts';
import { DynamoLimitStore } from './limit-store.ts';
import { DynamoMemberStore } from './member-store.ts';
import { DynamoMeterReportStore } from './meter-report-store.ts';
import { DynamoOffboardingStore } from './offboarding-store.ts';
import { DynamoPlatformAuditStore } from './platform-audit-store.ts';
import { DynamoResourceStore } from './resource-store.ts';
import { tenantDocumentClient } from './tenant-clients.ts';
import { DynamoTenantControlStore } from './tenant-control-store.ts';
import { DynamoTenantDataReader } from './tenant-data-reader.ts';
import { DynamoTenantDirectory, DynamoTenantFactsReader } from './tenant-directory-store.ts';
import { DynamoTenantIndex } from './tenant-index.ts';
import { DynamoTenantStore } from './tenant-store.ts';
import { DynamoUsageStore } from './upkeep-store.ts';
import { DynamoUsageReader } from './usage-reader.ts';

export const tenantStore = /* @__PURE__ */ once(
  (): TenantStore => new DynamoTenantStore(tenantDocumentClient, dataConfig().tableName),
);

export const projectStore = /* @__PURE__ */ once(
  (): ResourceStore<Project> =>
    new DynamoResourceStore(projectResource, tenantDocumentClient, dataConfig().tableName),
);

export const webhookStore = /* @__PURE__ */ once(
  (): ResourceStore<Webhook> =>
    new DynamoResourceStore(webhookResource, tenantDocumentClient, dataConfig().tableName),
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

export const usageReader = /* @__PURE__ */ once(
  (): UsageReader => new DynamoUsageReader(tenantDocumentClient, dataConfig().tableName),
);

export const activeTenantIndex = /* @__PURE__ */ once(
  // Spans tenants, so it reads with the function's own role (a grant bound to that index's keys).
  (): TenantIndex => new DynamoTenantIndex(documentClient, dataConfig().tableName, 'ACTIVE'),
);

/** The tenants with a Stripe customer (the hourly meter job's), from their customer lookups. */
export const billedTenantIndex = /* @__PURE__ */ once(
  (): TenantIndex => new DynamoTenantIndex(documentClient, dataConfig().tableName, 'BILLED'),
);

export const limitStore = /* @__PURE__ */ once(
  // Tenant buckets through the tenant-scoped clients; public-route buckets (`RL#…`) with the function's own role.
  (): LimitStore =>
    new DynamoLimitStore(tenantDocumentClient, documentClient, dataConfig().tableName),
);
export const accountStore = /* @__PURE__ */ once(
  (): AccountStore =>
    new DynamoAccountStore(tenantDocumentClient, documentClient, dataConfig().tableName),
);

export const billingStore = /* @__PURE__ */ once(
  (): BillingStore =>
    new DynamoBillingStore(tenantDocumentClient, documentClient, dataConfig().tableName),
);

export const meterReportStore = /* @__PURE__ */ once(
  (): MeterReportStore => new DynamoMeterReportStore(tenantDocumentClient, dataConfig().tableName),
);

export const costStore = /* @__PURE__ */ once(
  // A tenant's items through its tenant-scoped client; the ranking across tenants with the function's own role.
  (): CostStore =>
    new DynamoCostStore(tenantDocumentClient, documentClient, dataConfig().tableName),
);

export const tenantDirectory = /* @__PURE__ */ once(
  // Spans tenants: the directory index and the email guards, with the function's own role.
  (): TenantDirectory => new DynamoTenantDirectory(documentClient(), dataConfig().tableName),
);

export const tenantFactsReader = /* @__PURE__ */ once(
  (): TenantFactsReader =>
    new DynamoTenantFactsReader(tenantDocumentClient, dataConfig().tableName),
);

export const tenantControlStore = /* @__PURE__ */ once(
  (): TenantControlStore =>
    new DynamoTenantControlStore(tenantDocumentClient, dataConfig().tableName),
);

export const platformAuditStore = /* @__PURE__ */ once(
  // Outside every tenant's partitions (PLATFORM#AUDIT#<day>), with the function's own role.
  (): PlatformAuditStore => new DynamoPlatformAuditStore(documentClient(), dataConfig().tableName),
);
