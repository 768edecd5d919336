/**
 * The roles functions assume to reach a tenant's items (DESIGN, isolation layer 4). Each session
 * carries the tag `tenantId`, and the role's policy admits only partition keys `T#<tag>` and
 * `T#<tag>#…` — the `#` keeps tenant `ab` out of `abc` — plus the global email guards. Execution
 * roles get no grant on the table at all, so a bug that builds another tenant's key is refused by IAM.
 */
import {
  AccountRootPrincipal,
  Effect,
  type IGrantable,
  type IRole,
  PolicyStatement,
  Role,
} from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { type BindableTable, tableActions } from '#lib/common/service-function.ts';
import {
  costRankingPartition,
  type TenantIndexName,
  tenantDirectoryPartition,
  tenantIndexPartition,
} from '#shared/data/keys.ts';
import { tableDesign } from '#shared/data/table-design.ts';
import type { GlobalPartition, TableAccess } from '#shared/http/route.ts';

export type DataAccess = Exclude<TableAccess, 'none'>;

export const tenantTag = 'tenantId';
const tenantPartitions = [
  `T#\${aws:PrincipalTag/${tenantTag}}`,
  `T#\${aws:PrincipalTag/${tenantTag}}#*`,
];
/**
 * Global items a tenant session may touch: the sign-in email guards (uniqueness across tenants) and
 * invitation-token lookups, both keyed by values a session cannot enumerate without a Scan.
 */
const globalGuardPartitions = ['EMAIL#*', 'INVTOKEN#*'];
/**
 * The tenant's request limiter item and its shards (shared/data/keys.ts `limiter`): every tenant
 * route writes it, read-only routes included, so the read role may update exactly these keys.
 */
const limiterPartitions = [
  `T#\${aws:PrincipalTag/${tenantTag}}#LIMIT`,
  `T#\${aws:PrincipalTag/${tenantTag}}#LIMIT#*`,
];

export interface TenantDataRolesProps {
  readonly table: BindableTable;
}

export class TenantDataRoles extends Construct {
  readonly tableName: string;
  private readonly tableArn: string;
  private readonly roles: Record<DataAccess, Role>;

  constructor(scope: Construct, id: string, props: TenantDataRolesProps) {
    super(scope, id);
    const { table } = props.table;
    this.tableName = table.tableName;
    this.tableArn = table.tableArn;
    const resources = [
      table.tableArn,
      ...props.table.indexNames.map((name) => `${table.tableArn}/index/${name}`),
    ];
    const role = (access: DataAccess): Role => {
      const created = new Role(this, access === 'read' ? 'Read' : 'ReadWrite', {
        description: `${access} access to the items of the one tenant named by the session tag ${tenantTag}`,
        // Assumable by roles of this account that are granted sts:AssumeRole on it (our functions),
        // only with exactly one session tag, the tenant id.
        assumedBy: new AccountRootPrincipal().withSessionTags().withConditions({
          StringLike: { [`aws:RequestTag/${tenantTag}`]: '?*' },
          'ForAllValues:StringEquals': { 'aws:TagKeys': [tenantTag] },
        }),
      });
      created.addToPolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: [...tableActions(access)],
          resources,
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': tenantPartitions } },
        }),
      );
      if (access === 'read') {
        created.addToPolicy(
          new PolicyStatement({
            effect: Effect.ALLOW,
            actions: ['dynamodb:UpdateItem'],
            resources: [table.tableArn],
            conditions: {
              'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': limiterPartitions },
            },
          }),
        );
      }
      created.addToPolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions:
            access === 'read'
              ? ['dynamodb:GetItem', 'dynamodb:ConditionCheckItem']
              : [
                  'dynamodb:GetItem',
                  'dynamodb:ConditionCheckItem',
                  'dynamodb:PutItem',
                  'dynamodb:DeleteItem',
                ],
          resources: [table.tableArn],
          conditions: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': globalGuardPartitions },
          },
        }),
      );
      return created;
    };
    this.roles = { read: role('read'), readWrite: role('readWrite') };
  }

  roleFor(access: DataAccess): IRole {
    return this.roles[access];
  }

  /** Lets `grantee` read items of the named global partitions with its own role (GetItem only). */
  grantGlobalReads(grantee: IGrantable, partitions: readonly GlobalPartition[]): void {
    this.grantGlobal(grantee, partitions, ['dynamodb:GetItem']);
  }

  /** Lets `grantee` read, write and delete single items of the named global partitions. */
  grantGlobalWrites(grantee: IGrantable, partitions: readonly GlobalPartition[]): void {
    this.grantGlobal(grantee, partitions, [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:DeleteItem',
    ]);
  }

  /**
   * Lets `grantee` take from the public routes' buckets (`RL#…`: per source IP, per sign-in email)
   * with its own role: those requests have no tenant whose credentials could carry them.
   */
  grantPublicLimiter(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem', 'dynamodb:GetItem'],
        resources: [this.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RL#*'] } },
      }),
    );
  }

  /**
   * Lets `grantee` query one sparse tenant index (GSI1, `TENANTS#ACTIVE#<shard>` or
   * `TENANTS#BILLED#<shard>`) and nothing else of GSI1.
   */
  grantTenantIndexQuery(grantee: IGrantable, index: TenantIndexName): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${this.tableArn}/index/${tableDesign.indexes.gsi1.indexName}`],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [tenantIndexPartition(index, '*')] },
        },
      }),
    );
  }

  /** Lets `grantee` query the operators' tenant directory (GSI3, partition `TENANTS`) only. */
  grantTenantDirectoryQuery(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${this.tableArn}/index/${tableDesign.indexes.gsi3.indexName}`],
        conditions: {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [tenantDirectoryPartition] },
        },
      }),
    );
  }

  /** Lets `grantee` query the cost rankings of days and months (GSI1, `COSTRANK#…`) only. */
  grantCostRankingQuery(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${this.tableArn}/index/${tableDesign.indexes.gsi1.indexName}`],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [costRankingPartition('*')] },
        },
      }),
    );
  }

  private grantGlobal(
    grantee: IGrantable,
    partitions: readonly GlobalPartition[],
    actions: string[],
  ): void {
    if (partitions.length === 0) return;
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions,
        resources: [this.tableArn],
        conditions: {
          'ForAllValues:StringLike': {
            'dynamodb:LeadingKeys': partitions.map((partition) => `${partition}#*`),
          },
        },
      }),
    );
  }

  /** Lets `grantee` assume the role for `access` with a tenant session tag. */
  grantAssume(grantee: IGrantable, access: DataAccess): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: [this.roles[access].roleArn],
      }),
    );
  }
}
