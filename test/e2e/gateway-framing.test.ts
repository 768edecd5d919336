/**
 * Requests Node's HTTP parser refuses before the local gateway sees them, sent over a raw socket:
 * they still get the API's JSON error shape and an x-request-id, never Node's bare 400 or 431.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.close());

interface RawResponse {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

/** Writes `raw` as is and reads until the server closes the connection. */
function sendRaw(raw: string): Promise<RawResponse> {
  const { hostname, port } = new URL(gateway.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers = new Map(
        headerLines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()] as const;
        }),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
    socket.write(raw);
  });
}

describe('malformed HTTP framing on the local gateway', () => {
  it.each([
    [
      'Transfer-Encoding: chunked, identity',
      'POST /v1/projects HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n',
      'Malformed HTTP request',
    ],
    [
      'both Content-Length and Transfer-Encoding',
      'POST /v1/projects HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'Malformed HTTP request',
    ],
    [
      'headers over 16 KiB',
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(17 * 1024)}\r\n\r\n`,
      'Request headers are larger than 16384 bytes',
    ],
    ['a request line that is not HTTP', 'HELLO\r\n\r\n', 'Malformed HTTP request'],
  ])('answers %s with 400 in the API error shape', async (_case, raw, message) => {
    const response = await sendRaw(raw);

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(response.body)).toEqual({
      error: { code: 'validation_failed', message, details: null },
    });
  });

  it('still answers a well-formed request on a new connection', async () => {
    const response = await sendRaw('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');

    expect(response.status).toBe(200);
  });
});
