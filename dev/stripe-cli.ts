/**
 * `npm run stripe -- <scenario> [--tenant <id>] [--subscription <id>] [--event <id>]`: drives the
 * Stripe fake of a running `npm start` (port STRIPE_FAKE_PORT, default 12111) as Stripe would act:
 * a payment fails, the card is fixed, a cancellation, a trial that ends, an event replayed, events
 * delivered out of order; and lists the meter events it received. Without --tenant it acts on the
 * newest customer's newest subscription.
 */
import { parseArgs } from 'node:util';
import { defaultStripeFakePort } from './stripe/local-billing.ts';

const scenarios = {
  'payment-fails': 'The renewal charge fails: past_due, read-only after the grace period',
  'payment-action-required': 'The charge needs the customer (3-D Secure): past_due',
  'card-fixed': 'A working card pays the open invoice: active again',
  cancel: 'Canceled at once: the tenant moves to free',
  'cancel-at-period-end': 'Set to cancel when the period ends (the plan stays until then)',
  'period-ends': 'The period ends: renews, or cancels if set to',
  'trial-will-end': 'Stripe’s warning three days before a trial ends (mails the owner)',
  'trial-ends': 'The trial ends without a card: canceled, free (--with-card: active)',
  pause: 'Payment collection paused: free while paused',
  resume: 'Resumed: the plan again',
  replay: 'Delivers an event again (--event, default the newest): taken once',
  'out-of-order': 'Payment fails, then the card is fixed, the events delivered newest first',
  'meter-events': 'Lists the usage the hourly meter job reported (--tenant: one tenant’s)',
} as const;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    tenant: { type: 'string' },
    subscription: { type: 'string' },
    event: { type: 'string' },
    'with-card': { type: 'boolean', default: false },
  },
});
const scenario = positionals[0];
const base = `http://127.0.0.1:${process.env.STRIPE_FAKE_PORT ?? defaultStripeFakePort}/_fake`;

async function call(path: string, body: unknown = {}): Promise<unknown> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).catch((error: unknown) => {
    console.error(`No Stripe fake at ${base} (start it with npm start): ${String(error)}`);
    process.exit(1);
  });
  const text = await response.text();
  if (!response.ok) {
    console.error(response.status, text);
    process.exit(1);
  }
  return JSON.parse(text) as unknown;
}

const target = {
  ...(values.tenant && { tenant: values.tenant }),
  ...(values.subscription && { subscription: values.subscription }),
};

if (scenario === undefined || !Object.hasOwn(scenarios, scenario)) {
  console.log(
    'npm run stripe -- <scenario> [--tenant <id>] [--subscription <id>] [--event <id>]\n',
  );
  for (const [name, description] of Object.entries(scenarios))
    console.log(`  ${name.padEnd(24)} ${description}`);
  process.exit(scenario === undefined ? 0 : 1);
} else if (scenario === 'replay') {
  let eventId = values.event;
  if (eventId === undefined) {
    const listed = (await (await fetch(`${base}/events`)).json()) as { events: { id: string }[] };
    eventId = listed.events.at(-1)?.id;
  }
  if (eventId === undefined) throw new Error('No event to replay');
  console.log(await call(`/redeliver/${eventId}`));
} else if (scenario === 'meter-events') {
  const query = values.tenant ? `?tenant=${encodeURIComponent(values.tenant)}` : '';
  console.log(JSON.stringify(await (await fetch(`${base}/meter-events${query}`)).json(), null, 2));
} else if (scenario === 'out-of-order') {
  await call('/delivery', { mode: 'hold' });
  await call('/scenarios/payment-fails', target);
  await call('/scenarios/card-fixed', target);
  await call('/delivery', { mode: 'deliver' });
  console.log(await call('/release', { order: 'reverse' }));
} else {
  console.log(await call(`/scenarios/${scenario}`, { ...target, withCard: values['with-card'] }));
}
