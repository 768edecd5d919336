/**
 * The AWS calls a process makes, seen on the wire with no hook in the code that makes them: each
 * JSON-protocol request's target and body (taken where the SDK ends the request with it) and the
 * status it was answered with. The driver records what a bundle sends; the bench process records
 * what seeding writes, to copy it into the bare handlers' table.
 */
import { subscribe } from 'node:diagnostics_channel';
import { ClientRequest, type IncomingMessage } from 'node:http';

export interface WireCall {
  /** The X-Amz-Target header, e.g. `DynamoDB_20120810.GetItem`. */
  readonly target: string;
  /** The JSON body (DynamoDB attribute values in wire form). */
  readonly body: string;
  status?: number;
}

export interface WireRecorder {
  /** The calls made since the last take, in the order they were sent. */
  take(): WireCall[];
}

type End = (this: ClientRequest, ...args: unknown[]) => ClientRequest;

/** Starts recording; `answered` hears each call once its response has arrived. */
export function recordAwsCalls(answered?: (call: WireCall) => void): WireRecorder {
  let pending: WireCall[] = [];
  const byRequest = new WeakMap<ClientRequest, WireCall>();
  const prototype = ClientRequest.prototype as unknown as { end: End };
  const end = prototype.end;
  prototype.end = function (this: ClientRequest, ...args: unknown[]) {
    const target = this.getHeader('x-amz-target');
    const [chunk] = args;
    if (typeof target === 'string') {
      const body =
        typeof chunk === 'string' || chunk instanceof Uint8Array
          ? Buffer.from(chunk).toString('utf8')
          : '';
      const call: WireCall = { target, body };
      pending.push(call);
      byRequest.set(this, call);
    }
    return end.apply(this, args);
  };
  subscribe('http.client.response.finish', (message) => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    const call = byRequest.get(request);
    if (call === undefined) return;
    call.status = response.statusCode;
    answered?.(call);
  });
  return {
    take: () => {
      const taken = pending;
      pending = [];
      return taken;
    },
  };
}
