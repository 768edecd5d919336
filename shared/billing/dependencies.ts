/** What the billing functions run on, from configuration, once per cold start. */
import { billingConfig, billingGraceDays } from '#shared/config/billing-config.ts';
import { once } from '#shared/config/env.ts';
import { billingStore } from '#shared/data/stores.ts';
import type { BillingDependencies } from './service.ts';
import { stripeClient } from './stripe-client.ts';

export const billingDependencies = once(
  (): BillingDependencies => ({
    store: billingStore(),
    stripe: stripeClient,
    config: billingConfig(),
    graceDays: billingGraceDays(),
  }),
);
