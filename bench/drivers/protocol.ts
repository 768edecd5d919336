/** What the bench and its driver processes say to each other. */
import type { WireCall } from './wire.ts';

export interface ColdResult {
  /** Time to import the bundle (module evaluation included). */
  readonly loadMs: number;
  /** Time of the first invocation, against the emulators. */
  readonly firstInvokeMs: number;
  /** CPU time (user + system, all threads) of the same two phases. */
  readonly loadCpuMs: number;
  readonly firstInvokeCpuMs: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly status: number;
  readonly wire: Readonly<Record<string, number>>;
}

export type ParentMessage =
  /** `profile`: record these invocations in the CPU profile (`--cpu-profile`). */
  | { readonly type: 'run'; readonly events: readonly unknown[]; readonly profile?: boolean }
  | { readonly type: 'finish' };

export interface TurnResult {
  readonly type: 'ran';
  readonly wallMs: readonly number[];
  readonly cpuMs: readonly number[];
  readonly statuses: readonly number[];
  /** The AWS calls of each invocation, as sent (what the bare baseline replays). */
  readonly calls: readonly (readonly WireCall[])[];
}

export interface WarmFinish {
  readonly type: 'finished';
  readonly invocations: number;
  /** RSS right after the first invocation, and after the last. */
  readonly rssAfterFirstBytes: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** Peak RSS of the process (getrusage). */
  readonly maxRssBytes: number;
  /** Bytes the function wrote to stdout and stderr (its CloudWatch log volume). */
  readonly logBytes: number;
  /** Outbound AWS requests by service, over every invocation. */
  readonly wire: Readonly<Record<string, number>>;
  /** Invocations recorded in the CPU profile (0 without `--cpu-profile`). */
  readonly profiledInvocations: number;
}

export type ChildMessage =
  | { readonly type: 'ready'; readonly loadMs: number }
  | TurnResult
  | WarmFinish
  | { readonly type: 'failed'; readonly message: string };
