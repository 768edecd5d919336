/**
 * CloudWatch Logs Insights queries saved with the stack (console: Logs Insights → Queries →
 * TenantKit-<stage>/…), the ones docs/runbooks/alarm-fired.md starts from. Per-tenant queries filter
 * on the placeholder TENANT_ID: replace it with the tenant's id before running.
 */
import { type ILogGroup, QueryDefinition, QueryString } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** What the runbooks replace with a tenant's id. */
export const tenantPlaceholder = 'TENANT_ID';

export interface TenantQueriesProps {
  /** Prefix of the saved queries' names (a folder in the console), unique per account and region. */
  readonly prefix: string;
  /** API Gateway's access log: one JSON line per request with tenantId, status, latency. */
  readonly accessLogs: ILogGroup;
  /** The API functions' and the authorizer's log groups (Powertools lines carry tenantId). */
  readonly apiFunctionLogs: readonly ILogGroup[];
  /** The job workers' and the daily dispatcher's log groups. */
  readonly jobLogs: readonly ILogGroup[];
}

interface SavedQuery {
  readonly logs: 'access' | 'functions' | 'jobs';
  readonly query: QueryString;
}

/** The saved queries by name; tests and runbooks refer to these names. */
export const tenantQueries: Readonly<Record<string, SavedQuery>> = {
  'tenant-requests': {
    logs: 'access',
    query: new QueryString({
      fields: [
        '@timestamp',
        'httpMethod',
        'resourcePath',
        'status',
        'responseLatency',
        'requestId',
      ],
      filterStatements: [`tenantId = "${tenantPlaceholder}"`],
      sort: '@timestamp desc',
      limit: 200,
    }),
  },
  'tenant-errors': {
    logs: 'functions',
    query: new QueryString({
      fields: ['@timestamp', 'level', 'message', 'requestId', 'error.message', '@logStream'],
      filterStatements: [`tenantId = "${tenantPlaceholder}"`, 'level in ["ERROR", "WARN"]'],
      sort: '@timestamp desc',
      limit: 200,
    }),
  },
  'tenant-jobs': {
    logs: 'jobs',
    query: new QueryString({
      fields: ['@timestamp', 'level', 'message', 'kind', 'jobId', 'receiveCount', 'error.message'],
      filterStatements: [`tenantId = "${tenantPlaceholder}"`],
      sort: '@timestamp desc',
      limit: 200,
    }),
  },
  'server-errors-by-tenant': {
    logs: 'access',
    query: new QueryString({
      filterStatements: ['status >= 500'],
      statsStatements: ['count(*) as errors by tenantId, httpMethod, resourcePath'],
      sort: 'errors desc',
      limit: 50,
    }),
  },
  'slow-requests-by-tenant': {
    logs: 'access',
    query: new QueryString({
      statsStatements: [
        'pct(responseLatency, 99) as p99, pct(integrationLatency, 99) as integrationP99, count(*) as requests by tenantId, resourcePath',
      ],
      sort: 'p99 desc',
      limit: 50,
    }),
  },
  'throttled-by-tenant': {
    logs: 'access',
    query: new QueryString({
      filterStatements: ['status = 429'],
      statsStatements: ['count(*) as throttled by tenantId, ip'],
      sort: 'throttled desc',
      limit: 50,
    }),
  },
  'failed-jobs': {
    logs: 'jobs',
    query: new QueryString({
      filterStatements: ['level in ["ERROR", "WARN"]'],
      statsStatements: ['count(*) as failures by tenantId, kind, message'],
      sort: 'failures desc',
      limit: 50,
    }),
  },
  'limiter-fail-open': {
    logs: 'functions',
    query: new QueryString({
      filterStatements: ['message = "Request limiter unavailable; request let through"'],
      statsStatements: ['count(*) as letThrough by tenantId, bin(5m)'],
      sort: 'letThrough desc',
      limit: 50,
    }),
  },
};

export class TenantQueries extends Construct {
  readonly definitions: Readonly<Record<string, QueryDefinition>>;

  constructor(scope: Construct, id: string, props: TenantQueriesProps) {
    super(scope, id);
    const logGroups = {
      access: [props.accessLogs],
      functions: [...props.apiFunctionLogs],
      jobs: [...props.jobLogs],
    };
    const definitions: Record<string, QueryDefinition> = {};
    for (const [name, { logs, query }] of Object.entries(tenantQueries)) {
      definitions[name] = new QueryDefinition(this, name, {
        queryDefinitionName: `${props.prefix}/${name}`,
        queryString: query,
        logGroups: logGroups[logs],
      });
    }
    this.definitions = definitions;
  }
}
