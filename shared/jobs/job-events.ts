/**
 * In-process notifications of job record changes. Nothing listens on Lambda; the local poller
 * subscribes to print job progress in the `npm start` log.
 */
import { EventEmitter } from 'node:events';
import type { JobStatus } from './job-records.ts';

export interface JobProgressEvent {
  readonly tenantId: string;
  readonly jobId: string;
  readonly kind: string;
  readonly status: JobStatus;
  readonly progress: number;
  readonly note?: string;
}

const emitter = new EventEmitter();

export function emitJobProgress(event: JobProgressEvent): void {
  emitter.emit('progress', event);
}

/** Returns the function that unsubscribes. */
export function onJobProgress(listener: (event: JobProgressEvent) => void): () => void {
  emitter.on('progress', listener);
  return () => emitter.off('progress', listener);
}
