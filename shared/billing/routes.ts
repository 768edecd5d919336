/**
 * The billing routes: Checkout and the billing portal (owner), the billing state (owner and
 * admin), and Stripe's webhook, public and verified by its signature instead of a token.
 */
import { can } from '#shared/auth/permissions.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import {
  billingViewSchema,
  checkoutBodySchema,
  redirectViewSchema,
  webhookReceiptSchema,
} from './api-schemas.ts';

export const billingRoutes = {
  startCheckout: {
    method: 'POST',
    path: '/v1/billing/checkout',
    entry: 'functions/billing/checkout.ts',
    auth: 'tenant',
    ...can('manageBilling'),
    table: 'readWrite',
    globalWrites: ['STRIPE'],
    stripe: true,
    idempotent: true,
    docs: {
      summary: 'Start a Stripe Checkout for a plan',
      description:
        'Owner only. Answers the `url` of a Stripe Checkout Session (subscription mode) for the plan and interval; the price comes from configuration. The tenant’s Stripe customer is created on its first checkout and reused after. The plan changes when Stripe reports the subscription active, not here. `Idempotency-Key` is passed on to Stripe (same key, same session). 409 when the tenant already has a subscription (change plans in the portal).',
      tag: 'Billing',
    },
    request: { body: checkoutBodySchema },
    response: { status: 200, description: 'Where to send the customer', body: redirectViewSchema },
    errors: ['conflict', 'idempotency_mismatch'],
  },
  openBillingPortal: {
    method: 'POST',
    path: '/v1/billing/portal',
    entry: 'functions/billing/portal.ts',
    auth: 'tenant',
    ...can('manageBilling'),
    table: 'read',
    stripe: true,
    docs: {
      summary: 'Open the Stripe billing portal',
      description:
        'Owner only. Answers the `url` of a Customer Portal session: payment methods, invoices, plan changes and cancellation. 409 before the first checkout.',
      tag: 'Billing',
    },
    response: { status: 200, description: 'Where to send the customer', body: redirectViewSchema },
    errors: ['conflict'],
  },
  getBilling: {
    method: 'GET',
    path: '/v1/billing',
    entry: 'functions/billing/get.ts',
    auth: 'tenant',
    ...can('manageSettings'),
    table: 'read',
    docs: {
      summary: 'Read the plan and subscription',
      description:
        'Owner and admin. The plan the tenant pays for, its subscription as Stripe last reported it (status, interval, current period end, cancel at period end, trial end), the last payment, and whether the tenant is read-only for an unpaid subscription.',
      tag: 'Billing',
    },
    response: { status: 200, description: 'The billing state', body: billingViewSchema },
  },
  receiveStripeEvent: {
    method: 'POST',
    path: '/webhooks/stripe',
    entry: 'functions/billing/stripe-webhook.ts',
    auth: 'public',
    table: 'readWrite',
    globalWrites: ['STRIPE', 'STRIPEEVT'],
    queues: ['critical'],
    stripe: true,
    docs: {
      summary: 'Stripe’s webhook',
      description:
        'Called by Stripe, not by clients. The `Stripe-Signature` over the raw body must verify (300 s tolerance), else 400 and nothing is written. Each event id is taken once; the event only triggers a re-read of the subscription from Stripe. Event types not handled are acknowledged with 200.',
      tag: 'Billing',
    },
    request: { rawBody: true, headers: ['Stripe-Signature'] },
    response: { status: 200, description: 'Received', body: webhookReceiptSchema },
  },
} as const satisfies Record<string, RouteDefinition>;
