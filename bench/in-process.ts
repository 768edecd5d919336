/**
 * Runs handlers from source inside the bench process (the `prof` world), recording their AWS calls.
 * The environment must be set before the first handler loads: configuration is read once.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { lambdaContext } from '#dev/lambda-context.ts';
import { repoRoot } from '#lib/common/paths.ts';
import type { FunctionUnderTest } from './functions.ts';
import { type RecordedCall, recordCalls } from './instrument.ts';
import { statusOf } from './outcome.ts';

type AnyHandler = (event: unknown, context: Context) => Promise<unknown>;

const handlers = new Map<string, Promise<AnyHandler>>();

function loadHandler(entry: string): Promise<AnyHandler> {
  let loading = handlers.get(entry);
  if (loading === undefined) {
    loading = import(pathToFileURL(join(repoRoot, entry)).href).then((module: unknown) => {
      const handler = (module as { handler?: AnyHandler }).handler;
      if (typeof handler !== 'function') throw new Error(`${entry} exports no handler`);
      return handler;
    });
    handlers.set(entry, loading);
  }
  return loading;
}

export interface InProcessResult {
  readonly status: number;
  readonly result: unknown;
  readonly calls: RecordedCall[];
}

/** Invokes `fn` once with `event`, from source, and returns what it answered and which calls it made. */
export async function invokeInProcess(
  fn: Pick<FunctionUnderTest, 'id' | 'entry'>,
  event: unknown,
): Promise<InProcessResult> {
  const handler = await loadHandler(fn.entry);
  const { result, calls } = await recordCalls(async () => {
    try {
      return { result: await handler(event, lambdaContext(fn.id)) };
    } catch (error) {
      return { error };
    }
  });
  return {
    status: statusOf(result),
    result: 'result' in result ? result.result : undefined,
    calls,
  };
}
