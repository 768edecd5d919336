/**
 * Counts the AWS calls a bundle makes on the wire, by service, from Node's HTTP diagnostics channel:
 * no hook in the bundle, so the drivers can check the calls the in-process profile recorded.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

/** The service of an AWS JSON-protocol request, from its X-Amz-Target prefix. */
const targets: Readonly<Record<string, string>> = {
  DynamoDB_20120810: 'dynamodb',
  AWSCognitoIdentityProviderService: 'cognito',
  AmazonSQS: 'sqs',
  secretsmanager: 'secretsmanager',
};

export interface WireCounter {
  /** Requests per service since the counter started. */
  counts(): Record<string, number>;
}

export function countOutboundRequests(): WireCounter {
  const counts: Record<string, number> = {};
  subscribe('http.client.request.start', (message) => {
    const request = (message as { request: ClientRequest }).request;
    const target = String(request.getHeader('x-amz-target') ?? '');
    const prefix = target.split('.')[0] ?? '';
    const service = targets[prefix] ?? `http ${String(request.getHeader('host') ?? request.host)}`;
    counts[service] = (counts[service] ?? 0) + 1;
  });
  return { counts: () => ({ ...counts }) };
}
