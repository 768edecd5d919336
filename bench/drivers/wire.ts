/**
 * The AWS calls a bundle makes on the wire, seen from Node's HTTP layer with no hook in the bundle:
 * counted by service (so the drivers can check the calls the in-process profile recorded) and, in
 * the warm driver, recorded whole, so the bare baseline can replay exactly what the route sent.
 */
import { subscribe } from 'node:diagnostics_channel';
import { ClientRequest, type IncomingMessage } from 'node:http';

/** The service of an AWS JSON-protocol request, from its X-Amz-Target prefix. */
export const serviceByTargetPrefix: Readonly<Record<string, string>> = {
  DynamoDB_20120810: 'dynamodb',
  AWSCognitoIdentityProviderService: 'cognito',
  AmazonSQS: 'sqs',
  secretsmanager: 'secretsmanager',
};

/** One AWS JSON-protocol request as it went out, and the status it was answered with. */
export interface WireCall {
  /** The X-Amz-Target header, e.g. `DynamoDB_20120810.GetItem`. */
  readonly target: string;
  /** The JSON body (DynamoDB: attribute values in wire form). */
  readonly body: string;
  readonly status?: number;
}

export interface WireCounter {
  /** Requests per service since the counter started. */
  counts(): Record<string, number>;
}

export interface WireRecorder extends WireCounter {
  /** The AWS calls made since the last take, in the order they were sent; starts a new record. */
  take(): WireCall[];
}

function serviceOf(request: ClientRequest): string {
  const target = String(request.getHeader('x-amz-target') ?? '');
  const prefix = target.split('.')[0] ?? '';
  return (
    serviceByTargetPrefix[prefix] ?? `http ${String(request.getHeader('host') ?? request.host)}`
  );
}

export function countOutboundRequests(): WireCounter {
  const counts: Record<string, number> = {};
  subscribe('http.client.request.start', (message) => {
    const service = serviceOf((message as { request: ClientRequest }).request);
    counts[service] = (counts[service] ?? 0) + 1;
  });
  return { counts: () => ({ ...counts }) };
}

interface PendingCall {
  readonly target: string;
  readonly chunks: readonly (string | Uint8Array)[];
  status?: number;
}

type End = (this: ClientRequest, ...args: unknown[]) => ClientRequest;

/**
 * Counts, and records every AWS call. The body is taken where the SDK hands it over (it ends each
 * request with its whole body), because Node publishes the request on its diagnostics channel only
 * once the body has gone. Decoding waits for `take`, outside the timed invocation.
 */
export function recordOutboundRequests(): WireRecorder {
  const counter = countOutboundRequests();
  let pending: PendingCall[] = [];
  const byRequest = new WeakMap<ClientRequest, PendingCall>();
  const prototype = ClientRequest.prototype as unknown as { end: End };
  const end = prototype.end;
  prototype.end = function (this: ClientRequest, ...args: unknown[]) {
    const target = this.getHeader('x-amz-target');
    if (typeof target === 'string') {
      const [chunk] = args;
      const call: PendingCall = {
        target,
        chunks: typeof chunk === 'string' || chunk instanceof Uint8Array ? [chunk] : [],
      };
      pending.push(call);
      byRequest.set(this, call);
    }
    return end.apply(this, args);
  };
  subscribe('http.client.response.finish', (message) => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    const call = byRequest.get(request);
    if (call) call.status = response.statusCode;
  });
  return {
    counts: counter.counts,
    take: () => {
      const taken = pending;
      pending = [];
      return taken.map(({ target, chunks, status }) => ({
        target,
        body: chunks.map((chunk) => Buffer.from(chunk).toString('utf8')).join(''),
        ...(status !== undefined && { status }),
      }));
    },
  };
}
