/**
 * Reading jobs: one job by id and the tenant's jobs newest first. Another tenant's job id is a
 * plain 404, as for every resource.
 */
import { NotFoundError } from '#shared/errors.ts';
import type { CursorCodec } from '#shared/http/cursor.ts';
import type { ListPage } from '#shared/http/list.ts';
import type { Caller } from '#shared/requests.ts';
import type { JobRecordStore } from './job-records.ts';
import { type JobView, jobView, type ResultPresenter } from './views.ts';

export interface JobReadDependencies {
  readonly store: JobRecordStore;
  /** Shows results as the client needs them (download paths); stored results as they are when absent. */
  readonly present?: ResultPresenter;
}

export async function getJob(
  { ctx }: Pick<Caller, 'ctx'>,
  jobId: string,
  { store, present }: JobReadDependencies,
): Promise<JobView> {
  const record = await store.get(ctx, jobId);
  if (!record) throw new NotFoundError('Job not found');
  return jobView(record, present);
}

export async function listJobs(
  { ctx }: Pick<Caller, 'ctx'>,
  query: { limit: number; cursor?: string },
  codec: CursorCodec,
  { store, present }: JobReadDependencies,
): Promise<ListPage<JobView>> {
  const listing = 'jobs';
  const startKey =
    query.cursor === undefined ? undefined : codec.decode(ctx, listing, query.cursor);
  const page = await store.list(ctx, { limit: query.limit, ...(startKey && { startKey }) });
  return {
    items: page.items.map((record) => jobView(record, present)),
    nextCursor: page.lastKey ? codec.encode(ctx, listing, page.lastKey) : null,
  };
}
