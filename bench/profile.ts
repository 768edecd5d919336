/**
 * The in-process profile of each function (item 5 of the report): runs the scenario's requests from
 * source in the `prof` world and records every AWS call with its consumed capacity. The recorded
 * calls are also what the bare baselines replay in the cold starts (the warm ones replay what the
 * bundle sent, see wire-calls.ts).
 */
import type { FunctionUnderTest } from './functions.ts';
import { invokeInProcess } from './in-process.ts';
import { isDynamoDbRead, type RecordedCall } from './instrument.ts';
import type { Scenario } from './scenarios.ts';

export interface CallsPerRequest {
  /** AWS calls by service, per request (mean over the profiled requests). */
  readonly byService: Readonly<Record<string, number>>;
  /** DynamoDB calls per request, and those that read or write. */
  readonly dynamodbCalls: number;
  readonly dynamodbReads: number;
  readonly dynamodbWrites: number;
  /** The DynamoDB operations of one request, in order, e.g. `GetItem → TransactWriteItems`. */
  readonly dynamodbOperations: readonly string[];
  /** Every AWS operation of one request, in order, e.g. `cognito AdminCreateUser`. */
  readonly operations: readonly string[];
  /** Consumed capacity per request, as DynamoDB reported it. */
  readonly readUnits: number;
  readonly writeUnits: number;
  /** Calls that failed (conditions), per request. */
  readonly failedCalls: number;
}

export interface FunctionProfile {
  /** Every request made the same calls, so request 0's calls stand for all of them. */
  readonly repeats: boolean;
  readonly profiled: number;
  /** How many profiled requests answered each status. */
  readonly statuses: Readonly<Record<string, number>>;
  readonly perRequest: CallsPerRequest;
  /** The calls request `index` made (request 0's when they repeat). */
  callsFor(index: number): readonly RecordedCall[];
}

/** Requests that are compared before concluding a function makes the same calls every time. */
const repeatProbe = 3;

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / (values.length || 1);
}

export async function profileFunction(
  fn: FunctionUnderTest,
  scenario: Scenario,
  requests: number,
): Promise<FunctionProfile> {
  const calls: RecordedCall[][] = [];
  const statuses: Record<string, number> = {};
  let repeats = false;
  const concurrency = Math.max(1, scenario.profileConcurrency ?? 1);
  for (let start = 0; start < requests; start += concurrency) {
    const batch = Array.from(
      { length: Math.min(concurrency, requests - start) },
      (_, offset) => start + offset,
    );
    const outcomes = await Promise.all(
      batch.map((index) =>
        invokeInProcess(fn, scenario.event(index, 'prof', `bench-profile-${fn.id}-${index}`)),
      ),
    );
    for (const outcome of outcomes) {
      calls.push(outcome.calls);
      statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
    }
    if (calls.length >= repeatProbe && calls.length - outcomes.length < repeatProbe) {
      const first = JSON.stringify(calls[0]);
      repeats = calls.every((made) => JSON.stringify(made) === first);
      if (repeats) break;
    }
  }
  const first = calls[0] ?? [];
  const byService: Record<string, number> = {};
  for (const made of calls) {
    for (const call of made)
      byService[call.service] = (byService[call.service] ?? 0) + 1 / calls.length;
  }
  const dynamo = (made: readonly RecordedCall[]) =>
    made.filter((call) => call.service === 'dynamodb');
  return {
    repeats,
    profiled: calls.length,
    statuses,
    perRequest: {
      byService,
      dynamodbCalls: mean(calls.map((made) => dynamo(made).length)),
      dynamodbReads: mean(
        calls.map((made) => dynamo(made).filter((c) => isDynamoDbRead(c.operation)).length),
      ),
      dynamodbWrites: mean(
        calls.map((made) => dynamo(made).filter((c) => !isDynamoDbRead(c.operation)).length),
      ),
      dynamodbOperations: dynamo(first).map((call) => call.operation),
      operations: first.map((call) => `${call.service} ${call.operation}`),
      readUnits: mean(calls.map((made) => made.reduce((sum, call) => sum + call.readUnits, 0))),
      writeUnits: mean(calls.map((made) => made.reduce((sum, call) => sum + call.writeUnits, 0))),
      failedCalls: mean(
        calls.map((made) => made.filter((call) => call.error !== undefined).length),
      ),
    },
    callsFor: (index) => (repeats ? first : (calls[index] ?? [])),
  };
}
