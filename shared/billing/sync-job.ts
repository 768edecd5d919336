/**
 * The `billing.sync` job a webhook event hands to jobs-critical: sync the tenant with Stripe (the
 * event only says *that* something changed), and for `trial_will_end` mail the owner.
 */
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { enqueue } from '#shared/jobs/enqueue.ts';
import type { JobEnvelope } from '#shared/jobs/envelope.ts';
import type { MemberStore } from '#shared/members/model.ts';
import { type SyncDependencies, syncTenant } from './sync.ts';

export interface SyncJobDependencies extends SyncDependencies {
  readonly members: Pick<MemberStore, 'list'>;
}

async function ownerEmail(
  scope: TenantScope,
  members: SyncJobDependencies['members'],
): Promise<string | undefined> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await members.list(scope, { limit: 100, ...(startKey && { startKey }) });
    const owner = page.items.find(
      (member) => member.role === 'owner' && member.status === 'active',
    );
    if (owner) return owner.email;
    startKey = page.lastKey;
  } while (startKey);
  return undefined;
}

export async function runSyncJob(
  job: JobEnvelope<'billing.sync'>,
  scope: TenantScope,
  deps: SyncJobDependencies,
): Promise<void> {
  const { eventId, eventType } = job.payload;
  const outcome = await syncTenant(scope, { kind: 'event', eventId, eventType }, deps);
  const trialEnd = outcome.snapshot?.trialEnd;
  if (
    eventType !== 'customer.subscription.trial_will_end' ||
    outcome.snapshot?.status !== 'trialing' ||
    !trialEnd
  ) {
    return;
  }
  const to = await ownerEmail(scope, deps.members);
  if (to === undefined) return;
  // One mail per event, even when this job runs twice: the mail job's id is the event's.
  await enqueue(
    scope,
    'mail.send',
    { to, template: 'trialEnding', variables: { trialEnd } },
    { id: `trial-${eventId}` },
  );
}
