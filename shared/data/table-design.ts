/** The single table's key schema and indexes: read by the CDK construct, the local bootstrap and the data layer. */

export const tableDesign = {
  partitionKey: 'PK',
  sortKey: 'SK',
  timeToLiveAttribute: 'expiresAt',
  indexes: {
    gsi1: { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    gsi2: { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    /** The tenant directory of the control plane: every tenant item, by name (keys.ts). */
    gsi3: { indexName: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
  },
} as const;

export type TableIndex = (typeof tableDesign.indexes)[keyof typeof tableDesign.indexes];
