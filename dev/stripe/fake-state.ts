/**
 * The state of the local Stripe fake: customers, checkout and portal sessions, subscriptions,
 * invoices and meter events, shaped as API 2026-11-18 answers them (a subscription's period lives
 * on its items), and the events each change emits, in the order Stripe would send them.
 */
import { randomBytes } from 'node:crypto';

export type Interval = 'month' | 'year';
export type JsonObject = Record<string, unknown>;

export interface FakePrice {
  readonly interval: Interval;
}

interface Subscription {
  id: string;
  customer: string;
  status: string;
  priceId: string;
  created: number;
  periodStart: number;
  periodEnd: number;
  trialStart: number | null;
  trialEnd: number | null;
  cancelAtPeriodEnd: boolean;
  canceledAt: number | null;
  endedAt: number | null;
  paused: boolean;
  metadata: Record<string, string>;
  latestInvoice: string;
}

interface Invoice {
  id: string;
  customer: string;
  subscription: string;
  status: 'open' | 'paid';
  attemptCount: number;
  /** The last charge asked the customer to authenticate (3-D Secure) instead of failing. */
  awaitsAction: boolean;
  created: number;
}

export interface StripeEvent {
  readonly id: string;
  readonly type: string;
  readonly created: number;
  readonly object: JsonObject;
}

const day = 24 * 3600;
const seconds = (): number => Math.floor(Date.now() / 1000);

export function fakeId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

/** A request the fake refuses, answered as Stripe's error shape with this status. */
export class FakeStripeError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export class FakeStripeState {
  readonly customers = new Map<string, JsonObject>();
  readonly checkoutSessions = new Map<
    string,
    JsonObject & {
      lineItems: string;
      trialDays: number;
      subscriptionMetadata: Record<string, string>;
    }
  >();
  readonly subscriptions = new Map<string, Subscription>();
  readonly invoices = new Map<string, Invoice>();
  readonly meterEvents = new Map<string, JsonObject>();
  readonly events: StripeEvent[] = [];

  constructor(
    readonly prices: Readonly<Record<string, FakePrice>>,
    private readonly emit: (event: StripeEvent) => void,
    private readonly baseUrl: () => string,
  ) {}

  private record(type: string, object: JsonObject): StripeEvent {
    const event = { id: fakeId('evt'), type, created: seconds(), object };
    this.events.push(event);
    this.emit(event);
    return event;
  }

  createCustomer(params: JsonObject): JsonObject {
    const customer = {
      id: fakeId('cus'),
      object: 'customer',
      created: seconds(),
      email: params.email ?? null,
      name: params.name ?? null,
      metadata: params.metadata ?? {},
      livemode: false,
    };
    this.customers.set(customer.id, customer);
    return customer;
  }

  customer(id: string): JsonObject {
    const customer = this.customers.get(id);
    if (!customer) throw missing('customer', id);
    return customer;
  }

  deleteCustomer(id: string): JsonObject {
    this.customer(id);
    for (const subscription of this.subscriptions.values()) {
      if (subscription.customer === id && isLive(subscription)) this.cancel(subscription.id);
    }
    this.customers.delete(id);
    return { id, object: 'customer', deleted: true };
  }

  createCheckoutSession(params: JsonObject): JsonObject {
    const customer = String(params.customer ?? '');
    this.customer(customer);
    if (params.mode !== 'subscription') {
      throw new FakeStripeError(
        400,
        'invalid_request_error',
        'The fake supports mode=subscription only',
      );
    }
    const items = params.line_items as JsonObject[] | undefined;
    const price = String(items?.[0]?.price ?? '');
    if (!this.prices[price]) throw missing('price', price);
    const subscriptionData = (params.subscription_data ?? {}) as JsonObject;
    const id = fakeId('cs_test');
    const session = {
      id,
      object: 'checkout.session',
      mode: 'subscription',
      status: 'open',
      payment_status: 'unpaid',
      customer,
      client_reference_id: params.client_reference_id ?? null,
      metadata: params.metadata ?? {},
      subscription: null as string | null,
      success_url: params.success_url ?? null,
      cancel_url: params.cancel_url ?? null,
      url: `${this.baseUrl()}/checkout/${id}`,
      created: seconds(),
      livemode: false,
      lineItems: price,
      trialDays: Number(subscriptionData.trial_period_days ?? 0),
      subscriptionMetadata: (subscriptionData.metadata ?? {}) as Record<string, string>,
    };
    this.checkoutSessions.set(id, session);
    return publicSession(session);
  }

  checkoutSession(id: string): JsonObject {
    const session = this.checkoutSessions.get(id);
    if (!session) throw missing('checkout.session', id);
    return publicSession(session);
  }

  /** The customer pays on the checkout page: a subscription, its first invoice, the events. */
  completeCheckout(id: string): JsonObject {
    const session = this.checkoutSessions.get(id);
    if (!session) throw missing('checkout.session', id);
    if (session.status === 'complete') return publicSession(session);
    const subscription = this.startSubscription(
      String(session.customer),
      session.lineItems,
      session.trialDays,
      session.subscriptionMetadata,
    );
    session.status = 'complete';
    session.payment_status = session.trialDays > 0 ? 'no_payment_required' : 'paid';
    session.subscription = subscription.id;
    this.record('checkout.session.completed', publicSession(session));
    return publicSession(session);
  }

  private startSubscription(
    customer: string,
    priceId: string,
    trialDays: number,
    metadata: Record<string, string>,
  ): Subscription {
    this.customer(customer);
    const price = this.prices[priceId];
    if (!price) throw missing('price', priceId);
    const now = seconds();
    const trialEnd = trialDays > 0 ? now + trialDays * day : null;
    const subscription: Subscription = {
      id: fakeId('sub'),
      customer,
      status: trialEnd ? 'trialing' : 'active',
      priceId,
      created: now,
      periodStart: now,
      periodEnd: trialEnd ?? now + periodLength(price.interval),
      trialStart: trialEnd ? now : null,
      trialEnd,
      cancelAtPeriodEnd: false,
      canceledAt: null,
      endedAt: null,
      paused: false,
      metadata,
      latestInvoice: '',
    };
    const invoice = this.newInvoice(subscription, 'paid');
    subscription.latestInvoice = invoice.id;
    this.subscriptions.set(subscription.id, subscription);
    this.record('customer.subscription.created', this.subscriptionObject(subscription));
    this.record('invoice.paid', this.invoiceObject(invoice));
    return subscription;
  }

  createSubscription(params: JsonObject): JsonObject {
    const items = params.items as JsonObject[] | undefined;
    const subscription = this.startSubscription(
      String(params.customer ?? ''),
      String(items?.[0]?.price ?? ''),
      Number(params.trial_period_days ?? 0),
      (params.metadata ?? {}) as Record<string, string>,
    );
    return this.subscriptionObject(subscription);
  }

  private newInvoice(subscription: Subscription, status: Invoice['status']): Invoice {
    const invoice: Invoice = {
      id: fakeId('in'),
      customer: subscription.customer,
      subscription: subscription.id,
      status,
      attemptCount: status === 'paid' ? 1 : 0,
      awaitsAction: false,
      created: seconds(),
    };
    this.invoices.set(invoice.id, invoice);
    return invoice;
  }

  subscription(id: string, expand: readonly string[] = []): JsonObject {
    return this.subscriptionObject(this.live(id), expand.includes('latest_invoice'));
  }

  /**
   * GET /v1/invoice_payments?invoice=…: an open invoice that was charged has one open payment, whose
   * payment intent (expandable) says whether the customer must act.
   */
  listInvoicePayments(params: JsonObject): JsonObject {
    const invoice = this.invoices.get(String(params.invoice));
    const expand = ((params.expand ?? []) as string[]).includes('data.payment.payment_intent');
    const open = invoice !== undefined && invoice.status === 'open' && invoice.attemptCount > 0;
    const wanted = params.status === undefined || params.status === 'open';
    const intent = {
      id: `pi_${invoice?.id.slice(3)}`,
      object: 'payment_intent',
      status: invoice?.awaitsAction ? 'requires_action' : 'requires_payment_method',
    };
    const data =
      invoice && open && wanted
        ? [
            {
              id: `inpay_${invoice.id.slice(3)}`,
              object: 'invoice_payment',
              invoice: invoice.id,
              status: 'open',
              is_default: true,
              payment: { type: 'payment_intent', payment_intent: expand ? intent : intent.id },
              livemode: false,
            },
          ]
        : [];
    return { object: 'list', url: '/v1/invoice_payments', has_more: false, data };
  }

  listSubscriptions(params: JsonObject): JsonObject {
    const customer = params.customer === undefined ? undefined : String(params.customer);
    const status = String(params.status ?? 'active');
    const limit = Math.min(Number(params.limit ?? 10), 100);
    const expand = ((params.expand ?? []) as string[]).includes('data.latest_invoice');
    const matching = [...this.subscriptions.values()]
      .filter((subscription) => customer === undefined || subscription.customer === customer)
      .filter((subscription) =>
        status === 'all'
          ? true
          : status === 'ended'
            ? subscription.status === 'canceled'
            : // Stripe's default list leaves canceled subscriptions out.
              params.status === undefined
              ? subscription.status !== 'canceled'
              : subscription.status === status,
      )
      .sort((a, b) => b.created - a.created);
    return {
      object: 'list',
      url: '/v1/subscriptions',
      has_more: matching.length > limit,
      data: matching
        .slice(0, limit)
        .map((subscription) => this.subscriptionObject(subscription, expand)),
    };
  }

  updateSubscription(id: string, params: JsonObject): JsonObject {
    const subscription = this.live(id);
    if (params.cancel_at_period_end !== undefined) {
      subscription.cancelAtPeriodEnd = params.cancel_at_period_end === 'true';
    }
    const items = params.items as JsonObject[] | undefined;
    const price = items?.[0]?.price;
    if (price !== undefined) {
      if (!this.prices[String(price)]) throw missing('price', String(price));
      subscription.priceId = String(price);
    }
    if (params.trial_end === 'now' && subscription.status === 'trialing') {
      this.endTrial(subscription, true);
      return this.subscriptionObject(subscription);
    }
    if (params.pause_collection !== undefined) {
      subscription.paused = params.pause_collection !== '';
    }
    if (params.metadata !== undefined) {
      subscription.metadata = {
        ...subscription.metadata,
        ...(params.metadata as Record<string, string>),
      };
    }
    this.record('customer.subscription.updated', this.subscriptionObject(subscription));
    return this.subscriptionObject(subscription);
  }

  /** Cancels at once (DELETE /v1/subscriptions/:id). */
  cancel(id: string): JsonObject {
    const subscription = this.live(id);
    if (subscription.status !== 'canceled') {
      subscription.status = 'canceled';
      subscription.canceledAt = seconds();
      subscription.endedAt = seconds();
      this.record('customer.subscription.deleted', this.subscriptionObject(subscription));
    }
    return this.subscriptionObject(subscription);
  }

  /** The renewal charge fails: the invoice stays open, the subscription turns past_due. */
  failPayment(id: string, actionRequired = false): void {
    const subscription = this.live(id);
    let invoice = this.invoices.get(subscription.latestInvoice);
    if (!invoice || invoice.status === 'paid') {
      invoice = this.newInvoice(subscription, 'open');
      subscription.latestInvoice = invoice.id;
    }
    invoice.attemptCount += 1;
    invoice.awaitsAction = actionRequired;
    subscription.status = 'past_due';
    this.record(
      actionRequired ? 'invoice.payment_action_required' : 'invoice.payment_failed',
      this.invoiceObject(invoice),
    );
    this.record('customer.subscription.updated', this.subscriptionObject(subscription));
  }

  /** A working card is on file again: the open invoice is paid and the subscription active. */
  fixCard(id: string): void {
    const subscription = this.live(id);
    const invoice = this.invoices.get(subscription.latestInvoice);
    if (invoice && invoice.status === 'open') {
      invoice.status = 'paid';
      invoice.attemptCount += 1;
      this.record('invoice.paid', this.invoiceObject(invoice));
    }
    subscription.status = 'active';
    this.record('customer.subscription.updated', this.subscriptionObject(subscription));
  }

  /** Stripe's smart retries gave up: the subscription is canceled. */
  giveUp(id: string): void {
    this.cancel(id);
  }

  /** Three days before a trial ends Stripe warns; `end` then ends it with or without a card. */
  warnTrialEnd(id: string): void {
    this.record('customer.subscription.trial_will_end', this.subscriptionObject(this.live(id)));
  }

  endTrial(subscription: Subscription | string, withCard: boolean): void {
    const current = typeof subscription === 'string' ? this.live(subscription) : subscription;
    const price = this.prices[current.priceId] as FakePrice;
    const now = seconds();
    current.trialEnd = now;
    current.periodStart = now;
    current.periodEnd = now + periodLength(price.interval);
    const invoice = this.newInvoice(current, withCard ? 'paid' : 'open');
    current.latestInvoice = invoice.id;
    // Without a payment method Stripe's default is to cancel when the trial ends.
    current.status = withCard ? 'active' : 'canceled';
    if (!withCard) {
      current.canceledAt = now;
      current.endedAt = now;
    }
    this.record(withCard ? 'invoice.paid' : 'invoice.payment_failed', this.invoiceObject(invoice));
    this.record(
      withCard ? 'customer.subscription.updated' : 'customer.subscription.deleted',
      this.subscriptionObject(current),
    );
  }

  /** The period ends: a subscription set to cancel at period end is canceled, others renew. */
  endPeriod(id: string): void {
    const subscription = this.live(id);
    if (subscription.cancelAtPeriodEnd) {
      this.cancel(id);
      return;
    }
    const price = this.prices[subscription.priceId] as FakePrice;
    subscription.periodStart = subscription.periodEnd;
    subscription.periodEnd += periodLength(price.interval);
    const invoice = this.newInvoice(subscription, 'paid');
    subscription.latestInvoice = invoice.id;
    this.record('invoice.paid', this.invoiceObject(invoice));
    this.record('customer.subscription.updated', this.subscriptionObject(subscription));
  }

  pause(id: string): void {
    const subscription = this.live(id);
    subscription.status = 'paused';
    this.record('customer.subscription.paused', this.subscriptionObject(subscription));
  }

  resume(id: string): void {
    const subscription = this.live(id);
    subscription.status = 'active';
    this.record('customer.subscription.resumed', this.subscriptionObject(subscription));
  }

  /** As Stripe checks a meter event when it takes it; one event per identifier. */
  createMeterEvent(params: JsonObject): JsonObject {
    const payload = (params.payload ?? {}) as Record<string, unknown>;
    const invalid = (message: string): FakeStripeError =>
      new FakeStripeError(400, 'invalid_request_error', message);
    if (typeof params.event_name !== 'string' || params.event_name.length > 100) {
      throw invalid('event_name is required (at most 100 characters)');
    }
    if (typeof payload.value !== 'string' || !/^\d+$/.test(payload.value)) {
      throw invalid('payload[value] must be a whole number');
    }
    // Stripe checks the customer later and reports an unknown one on the meter, not here.
    if (typeof payload.stripe_customer_id !== 'string') {
      throw invalid('payload[stripe_customer_id] is required');
    }
    const identifier = String(params.identifier ?? fakeId('mev'));
    if (identifier.length > 100) throw invalid('identifier is at most 100 characters');
    const timestamp = Number(params.timestamp ?? seconds());
    if (timestamp < seconds() - 35 * 24 * 3600 || timestamp > seconds() + 300) {
      throw invalid('timestamp must be within the past 35 days or up to 5 minutes in the future');
    }
    const existing = this.meterEvents.get(identifier);
    if (existing) return existing;
    const event = {
      object: 'billing.meter_event',
      identifier,
      event_name: params.event_name,
      payload,
      timestamp,
      created: seconds(),
      livemode: false,
    };
    this.meterEvents.set(identifier, event);
    return event;
  }

  /** The meter events of the customers whose metadata names `tenantId` (all without one). */
  meterEventsOf(tenantId: string | undefined): JsonObject[] {
    const customers = new Set(
      [...this.customers.values()]
        .filter(
          (customer) =>
            tenantId === undefined ||
            (customer.metadata as Record<string, string>).tenantId === tenantId,
        )
        .map((customer) => customer.id),
    );
    return [...this.meterEvents.values()].filter((event) =>
      customers.has((event.payload as Record<string, string>).stripe_customer_id),
    );
  }

  /** The customer's newest subscription (scenarios act on it when given a customer). */
  latestSubscriptionOf(customer: string): string {
    const newest = [...this.subscriptions.values()]
      .filter((subscription) => subscription.customer === customer)
      .sort((a, b) => b.created - a.created)[0];
    if (!newest) throw missing('subscription of customer', customer);
    return newest.id;
  }

  private live(id: string): Subscription {
    const subscription = this.subscriptions.get(id);
    if (!subscription) throw missing('subscription', id);
    return subscription;
  }

  private invoiceObject(invoice: Invoice): JsonObject {
    return {
      id: invoice.id,
      object: 'invoice',
      customer: invoice.customer,
      status: invoice.status,
      attempt_count: invoice.attemptCount,
      attempted: invoice.attemptCount > 0,
      created: invoice.created,
      parent: {
        type: 'subscription_details',
        subscription_details: { subscription: invoice.subscription, metadata: {} },
      },
      livemode: false,
    };
  }

  private subscriptionObject(subscription: Subscription, expandInvoice = false): JsonObject {
    const price = this.prices[subscription.priceId] as FakePrice;
    const invoice = this.invoices.get(subscription.latestInvoice);
    return {
      id: subscription.id,
      object: 'subscription',
      customer: subscription.customer,
      status: subscription.status,
      created: subscription.created,
      start_date: subscription.created,
      cancel_at_period_end: subscription.cancelAtPeriodEnd,
      cancel_at: subscription.cancelAtPeriodEnd ? subscription.periodEnd : null,
      canceled_at: subscription.canceledAt,
      ended_at: subscription.endedAt,
      trial_start: subscription.trialStart,
      trial_end: subscription.trialEnd,
      pause_collection: subscription.paused ? { behavior: 'void', resumes_at: null } : null,
      metadata: subscription.metadata,
      latest_invoice:
        expandInvoice && invoice ? this.invoiceObject(invoice) : subscription.latestInvoice,
      items: {
        object: 'list',
        has_more: false,
        url: `/v1/subscription_items?subscription=${subscription.id}`,
        data: [
          {
            id: `si_${subscription.id.slice(4)}`,
            object: 'subscription_item',
            subscription: subscription.id,
            quantity: 1,
            current_period_start: subscription.periodStart,
            current_period_end: subscription.periodEnd,
            price: {
              id: subscription.priceId,
              object: 'price',
              type: 'recurring',
              recurring: { interval: price.interval, interval_count: 1, usage_type: 'licensed' },
            },
          },
        ],
      },
      livemode: false,
    };
  }
}

function isLive(subscription: Subscription): boolean {
  return subscription.status !== 'canceled' && subscription.status !== 'incomplete_expired';
}

function periodLength(interval: Interval): number {
  return interval === 'year' ? 365 * day : 30 * day;
}

function publicSession(session: JsonObject): JsonObject {
  const {
    lineItems: _lineItems,
    trialDays: _trialDays,
    subscriptionMetadata: _metadata,
    ...rest
  } = session;
  return rest;
}

function missing(what: string, id: string): FakeStripeError {
  return new FakeStripeError(
    404,
    'invalid_request_error',
    `No such ${what}: '${id}'`,
    'resource_missing',
  );
}
