/**
 * Usage billing over HTTP: a paying tenant's requests, counted by the limiter, reach the local
 * Stripe's meter as the hour's increase through the real hourly dispatcher, bulk queue and worker;
 * the local trigger refuses an hour it cannot report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StripeFake } from '#dev/stripe/fake-server.ts';
import { localStripeMeters } from '#dev/stripe/local-billing.ts';
import { hourOf, previousHour } from '#shared/billing/meter-hours.ts';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { startTestJobs, type TestJobs } from '../support/jobs.ts';
import { checkoutAndPay, startTestStripe } from '../support/stripe.ts';
import { signUpAndLogin } from '../support/tenants.ts';

let gateway: TestGateway;
let jobs: TestJobs;
let stripe: StripeFake;

beforeAll(async () => {
  gateway = await startTestGateway();
  stripe = await startTestStripe(gateway.baseUrl);
  jobs = await startTestJobs();
});
afterAll(async () => {
  await jobs.stop();
  await stripe.stop();
  await gateway.close();
});

interface MeterEvent {
  readonly identifier: string;
  readonly event_name: string;
  readonly payload: { readonly value: string; readonly stripe_customer_id: string };
}

/** The fake's meter events of one tenant, as `npm run stripe -- meter-events` lists them. */
async function meterEvents(tenantId: string): Promise<MeterEvent[]> {
  const answer = await fetch(`${stripe.url}/_fake/meter-events?tenant=${tenantId}`);
  return ((await answer.json()) as { meterEvents: MeterEvent[] }).meterEvents;
}

/** Waits until an event of `meter` for `hour` has arrived (the job runs behind a queue). */
async function waitForEvent(tenantId: string, meter: string, hour: string): Promise<MeterEvent> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = (await meterEvents(tenantId)).find(
      (event) => event.event_name === meter && event.identifier.endsWith(`:${hour}`),
    );
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`No ${meter} event for ${hour}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const trigger = (hour: string) =>
  request<{ hour: string; tenants: number }>(
    gateway.baseUrl,
    'POST',
    `/_local/meter?hour=${encodeURIComponent(hour)}`,
  );

describe('hourly usage metering', () => {
  it("reports a paying tenant's requests of the hour to its Stripe meter, once", async () => {
    // Prepare: a paying tenant, and a first run that starts its count
    const owner = await signUpAndLogin(gateway.baseUrl, 'Metered Co');
    await checkoutAndPay(gateway.baseUrl, owner);
    const before = previousHour(new Date());
    const baseline = await trigger(before);
    await waitForEvent(owner.tenantId, localStripeMeters.seats, before);

    // Act: three requests, then the next hour's run, twice
    for (let index = 0; index < 3; index++) {
      const answer = await request(gateway.baseUrl, 'GET', '/v1/projects', {
        token: owner.idToken,
      });
      expect(answer.status).toBe(200);
    }
    const hour = hourOf(new Date());
    const run = await trigger(hour);
    const reported = await waitForEvent(owner.tenantId, localStripeMeters.requests, hour);
    await trigger(hour);
    await jobs.workers.drained();

    // Assess
    expect(baseline).toMatchObject({ status: 202, body: { hour: before } });
    expect(run.body.tenants).toBeGreaterThanOrEqual(1);
    expect(reported).toMatchObject({
      identifier: `${owner.tenantId}:${localStripeMeters.requests}:${hour}`,
      payload: { value: '3', stripe_customer_id: expect.stringMatching(/^cus_/) },
    });
    const requestEvents = (await meterEvents(owner.tenantId)).filter(
      (event) => event.event_name === localStripeMeters.requests,
    );
    expect(requestEvents).toHaveLength(1);
  });

  it('refuses an hour that is no hour, one to come, and one older than Stripe takes', async () => {
    // Prepare
    const later = hourOf(new Date(Date.now() + 2 * 3_600_000));
    const old = hourOf(new Date(Date.now() - 40 * 24 * 3_600_000));

    // Act
    const answers = await Promise.all(['2026-12-04', later, old].map(trigger));

    // Assess
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: { code: 'validation_failed' } });
    }
  });
});
