/**
 * The local Stripe: an HTTP server the real `stripe` SDK reaches through its host/port/protocol
 * options, stateful for what TenantKit calls (dev/stripe/fake-state.ts). It checks the secret key,
 * replays answers by Idempotency-Key, serves the checkout page that completes a payment, and
 * delivers every event signed with the SDK's own test-header helper to the webhook URL, as Stripe
 * would. Its `/_fake/…` routes (and the methods below) drive scenarios: a payment fails, a card is
 * fixed, deliveries are held back and released in any order, Stripe is down.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import {
  type FakePrice,
  FakeStripeError,
  FakeStripeState,
  type JsonObject,
  type StripeEvent,
} from './fake-state.ts';
import { parseForm } from './form-body.ts';

export interface StripeFakeOptions {
  readonly secretKey: string;
  readonly webhookSecret: string;
  readonly prices: Readonly<Record<string, FakePrice>>;
  /** Where events are POSTed; settable later, as the gateway may start after the fake. */
  readonly webhookUrl?: string;
  readonly port?: number;
}

export type DeliveryMode = 'deliver' | 'hold' | 'drop';

export interface Delivery {
  readonly eventId: string;
  readonly type: string;
  readonly status: number;
}

export interface StripeFake {
  readonly url: string;
  readonly port: number;
  readonly state: FakeStripeState;
  setWebhookUrl(url: string): void;
  /** `hold`: events wait in `held` until released; `drop`: events are lost (a missed webhook). */
  setDeliveryMode(mode: DeliveryMode): void;
  readonly held: StripeEvent[];
  /** Sends the held events (or the given ones) in this order and waits for the answers. */
  release(events?: readonly StripeEvent[]): Promise<Delivery[]>;
  /** Sends one recorded event again (Stripe's retry or a manual resend). */
  redeliver(eventId: string): Promise<Delivery>;
  /** Waits until every delivery under way has been answered. */
  idle(): Promise<void>;
  readonly deliveries: Delivery[];
  /** While on, every API call answers 500 (Stripe down). */
  setOutage(on: boolean): void;
  stop(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  type = 'application/json',
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': type, 'request-id': `req_${Date.now()}` });
  response.end(text);
}

function stripeError(error: FakeStripeError): JsonObject {
  return {
    error: { type: error.type, message: error.message, ...(error.code && { code: error.code }) },
  };
}

export async function startStripeFake(options: StripeFakeOptions): Promise<StripeFake> {
  let webhookUrl = options.webhookUrl;
  let mode: DeliveryMode = 'deliver';
  let outage = false;
  let baseUrl = '';
  const held: StripeEvent[] = [];
  const deliveries: Delivery[] = [];
  const pending = new Set<Promise<unknown>>();
  const idempotent = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  const signer = new Stripe(options.secretKey);

  const deliver = async (event: StripeEvent): Promise<Delivery> => {
    if (webhookUrl === undefined) return { eventId: event.id, type: event.type, status: 0 };
    const payload = JSON.stringify({
      id: event.id,
      object: 'event',
      api_version: '2026-11-18.endive',
      created: event.created,
      type: event.type,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: event.object },
    });
    const header = await signer.webhooks.generateTestHeaderStringAsync({
      payload,
      secret: options.webhookSecret,
    });
    const status = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': header },
      body: payload,
    }).then(
      (answer) => answer.status,
      () => 0,
    );
    const delivery = { eventId: event.id, type: event.type, status };
    deliveries.push(delivery);
    return delivery;
  };
  const track = <T>(promise: Promise<T>): Promise<T> => {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise));
    return promise;
  };
  // Stripe sends each event on its own, not in a guaranteed order; here in order of creation.
  let chain: Promise<unknown> = Promise.resolve();
  const emit = (event: StripeEvent): void => {
    if (mode === 'drop') return;
    if (mode === 'hold') {
      held.push(event);
      return;
    }
    chain = track(chain.then(() => deliver(event)));
  };

  const state = new FakeStripeState(options.prices, emit, () => baseUrl);

  const api = (method: string, path: string, params: JsonObject): unknown => {
    const parts = path.split('/').filter(Boolean); // ['v1', ...]
    const [, resource, id, action] = parts;
    const expand = (params.expand ?? []) as string[];
    if (resource === 'customers') {
      if (method === 'POST' && id === undefined) return state.createCustomer(params);
      if (method === 'GET' && id) return state.customer(id);
      if (method === 'DELETE' && id) return state.deleteCustomer(id);
    }
    if (resource === 'checkout' && id === 'sessions') {
      if (method === 'POST' && action === undefined) return state.createCheckoutSession(params);
      if (method === 'GET' && action) return state.checkoutSession(action);
    }
    if (resource === 'billing_portal' && id === 'sessions' && method === 'POST') {
      state.customer(String(params.customer ?? ''));
      const session = `bps_${createHash('sha256')
        .update(String(Date.now() + Math.random()))
        .digest('hex')
        .slice(0, 24)}`;
      return {
        id: session,
        object: 'billing_portal.session',
        customer: params.customer,
        return_url: params.return_url ?? null,
        url: `${baseUrl}/portal/${session}`,
        created: Math.floor(Date.now() / 1000),
        livemode: false,
      };
    }
    if (resource === 'subscriptions') {
      if (method === 'GET' && id === undefined) return state.listSubscriptions(params);
      if (method === 'POST' && id === undefined) return state.createSubscription(params);
      if (method === 'GET' && id) return state.subscription(id, expand);
      if (method === 'POST' && id && action === 'resume') {
        state.resume(id);
        return state.subscription(id);
      }
      if (method === 'POST' && id) return state.updateSubscription(id, params);
      if (method === 'DELETE' && id) return state.cancel(id);
    }
    if (resource === 'invoice_payments' && method === 'GET' && id === undefined) {
      return state.listInvoicePayments(params);
    }
    if (resource === 'billing' && id === 'meter_events' && method === 'POST') {
      return state.createMeterEvent(params);
    }
    throw new FakeStripeError(
      404,
      'invalid_request_error',
      `Unrecognized request URL (${method} ${path})`,
    );
  };

  const scenario = (name: string, params: JsonObject): unknown => {
    const customerOfTenant = (): string | undefined =>
      [...state.customers.values()]
        .filter(
          (customer) =>
            params.tenant === undefined ||
            (customer.metadata as Record<string, string>).tenantId === params.tenant,
        )
        .sort((a, b) => Number(b.created) - Number(a.created))[0]?.id as string | undefined;
    const target = (): string =>
      params.subscription !== undefined
        ? String(params.subscription)
        : state.latestSubscriptionOf(String(params.customer ?? customerOfTenant() ?? ''));
    switch (name) {
      case 'payment-fails':
        return state.failPayment(target());
      case 'payment-action-required':
        return state.failPayment(target(), true);
      case 'card-fixed':
        return state.fixCard(target());
      case 'cancel':
        return state.cancel(target());
      case 'cancel-at-period-end':
        return state.updateSubscription(target(), { cancel_at_period_end: 'true' });
      case 'period-ends':
        return state.endPeriod(target());
      case 'trial-will-end':
        return state.warnTrialEnd(target());
      case 'trial-ends':
        return state.endTrial(target(), params.withCard === true);
      case 'pause':
        return state.pause(target());
      case 'resume':
        return state.resume(target());
      default:
        throw new FakeStripeError(404, 'invalid_request_error', `No scenario ${name}`);
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', baseUrl);
    const method = request.method ?? 'GET';
    const text = await readBody(request);

    if (url.pathname.startsWith('/checkout/') && method === 'GET') {
      const session = state.completeCheckout(url.pathname.slice('/checkout/'.length));
      await Promise.allSettled([...pending]);
      send(
        response,
        200,
        `<!doctype html><title>Paid</title><p>Test payment complete for ${String(session.customer)}. Subscription ${String(session.subscription)}.</p>`,
        'text/html; charset=utf-8',
      );
      return;
    }
    if (url.pathname.startsWith('/portal/') && method === 'GET') {
      send(
        response,
        200,
        '<!doctype html><title>Billing portal</title><p>The local Stripe fake has no portal UI: use npm run stripe -- &lt;scenario&gt;.</p>',
        'text/html; charset=utf-8',
      );
      return;
    }
    if (url.pathname.startsWith('/_fake/')) {
      const params = text ? (JSON.parse(text) as JsonObject) : {};
      const [, , area, name] = url.pathname.split('/');
      if (area === 'scenarios' && name && method === 'POST') {
        scenario(name, params);
        await Promise.allSettled([...pending]);
        send(response, 200, {
          ok: true,
          events: state.events.slice(-6).map(({ id, type }) => ({ id, type })),
        });
        return;
      }
      if (area === 'meter-events' && method === 'GET') {
        send(response, 200, {
          meterEvents: state.meterEventsOf(url.searchParams.get('tenant') ?? undefined),
        });
        return;
      }
      if (area === 'events' && method === 'GET') {
        send(response, 200, {
          events: state.events.map(({ id, type, created }) => ({ id, type, created })),
          deliveries,
        });
        return;
      }
      if (area === 'redeliver' && name && method === 'POST') {
        send(response, 200, await fake.redeliver(name));
        return;
      }
      if (area === 'delivery' && method === 'POST') {
        fake.setDeliveryMode(params.mode as DeliveryMode);
        send(response, 200, { mode });
        return;
      }
      if (area === 'release' && method === 'POST') {
        const order = params.order === 'reverse' ? [...held].reverse() : undefined;
        send(response, 200, await fake.release(order));
        return;
      }
      throw new FakeStripeError(404, 'invalid_request_error', 'No such fake control');
    }
    if (!url.pathname.startsWith('/v1/')) {
      throw new FakeStripeError(404, 'invalid_request_error', 'Unrecognized request URL');
    }
    if (outage) {
      send(response, 500, {
        error: { type: 'api_error', message: 'The local Stripe fake is in an outage' },
      });
      return;
    }
    if (request.headers.authorization !== `Bearer ${options.secretKey}`) {
      throw new FakeStripeError(401, 'invalid_request_error', 'Invalid API Key provided');
    }
    const params = parseForm(method === 'POST' ? text : url.search.slice(1));
    const key = request.headers['idempotency-key'];
    const fingerprint = `${method} ${url.pathname} ${text}`;
    if (typeof key === 'string' && method === 'POST') {
      const earlier = idempotent.get(key);
      if (earlier && earlier.fingerprint !== fingerprint) {
        throw new FakeStripeError(
          400,
          'idempotency_error',
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        );
      }
      if (earlier) {
        send(response, earlier.status, earlier.body);
        return;
      }
      const body = api(method, url.pathname, params);
      idempotent.set(key, { fingerprint, status: 200, body });
      send(response, 200, body);
      return;
    }
    send(response, 200, api(method, url.pathname, params));
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (error instanceof FakeStripeError) send(response, error.status, stripeError(error));
      else send(response, 500, { error: { type: 'api_error', message: String(error) } });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  const fake: StripeFake = {
    url: baseUrl,
    port,
    state,
    held,
    deliveries,
    setWebhookUrl: (next) => {
      webhookUrl = next;
    },
    setDeliveryMode: (next) => {
      mode = next;
    },
    release: async (events) => {
      const order = events ?? [...held];
      held.splice(0, held.length);
      const answered: Delivery[] = [];
      for (const event of order) answered.push(await track(deliver(event)));
      return answered;
    },
    redeliver: async (eventId) => {
      const event = state.events.find((candidate) => candidate.id === eventId);
      if (!event)
        throw new FakeStripeError(404, 'invalid_request_error', `No such event: '${eventId}'`);
      return track(deliver(event));
    },
    idle: async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    setOutage: (on) => {
      outage = on;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
