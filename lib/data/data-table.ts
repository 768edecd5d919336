/** The single DynamoDB table, built from the shared table design so CDK, the local bootstrap and the data layer agree. */
import type { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { BindableTable } from '#lib/common/service-function.ts';
import { tableDesign } from '#shared/data/table-design.ts';

export interface DataTableProps {
  /**
   * Blocks DeleteTable, from CloudFormation and the console alike.
   * @default false
   */
  readonly deletionProtection?: boolean;
  /** What happens to the table (and its data) when it leaves the stack. */
  readonly removalPolicy: RemovalPolicy;
}

export class DataTable extends Construct implements BindableTable {
  readonly table: Table;
  readonly tableName: string;
  /** Every GSI name, so grants list each index ARN instead of `index/*`. */
  readonly indexNames: readonly string[];
  readonly keyNames = {
    partitionKey: tableDesign.partitionKey,
    sortKey: tableDesign.sortKey,
  } as const;

  constructor(scope: Construct, id: string, props: DataTableProps) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: tableDesign.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableDesign.sortKey, type: AttributeType.STRING },
      // Tenant traffic is spiky and unknown up front; on-demand needs no capacity planning.
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The AWS managed key (aws/dynamodb): encrypted at rest with every use of the key in
      // CloudTrail, at no key cost and with no key policy to get wrong. A customer managed key
      // only pays off with per-tenant keys or key-revocation duties, which this design has not.
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: tableDesign.timeToLiveAttribute,
      deletionProtection: props.deletionProtection ?? false,
      removalPolicy: props.removalPolicy,
    });
    for (const index of Object.values(tableDesign.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
    this.tableName = this.table.tableName;
    this.indexNames = Object.values(tableDesign.indexes).map((index) => index.indexName);
  }
}
