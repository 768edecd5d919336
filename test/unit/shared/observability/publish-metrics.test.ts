/** API functions write an EMF line only for an invocation that recorded a metric. */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '#dev/lambda-context.ts';
import { publishMetrics } from '#shared/observability/publish-metrics.ts';

function emfLines(write: { mock: { calls: unknown[][] } }): Record<string, unknown>[] {
  return write.mock.calls
    .map(([chunk]): string => String(chunk))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('publishMetrics', () => {
  beforeEach(() => {
    // The unit environment disables metrics (test/support/unit-env.ts); these tests read them.
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('writes nothing (not even a warning) for a request that recorded no metric, and its dimensions do not leak', async () => {
    // Prepare
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const warn = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
    let invocation = 0;
    const handler = middy()
      .use(publishMetrics(metrics))
      .handler(async () => {
        invocation++;
        if (invocation === 1) metrics.addDimension('plan', 'pro');
        if (invocation === 2) metrics.addMetric('ProjectCreated', MetricUnit.Count, 1);
      });

    // Act
    await handler({}, lambdaContext('fn'));
    const writesAfterPlainRequest = write.mock.calls.length + warn.mock.calls.length;
    await handler({}, lambdaContext('fn'));

    // Assess
    expect(writesAfterPlainRequest).toBe(0);
    const [line] = emfLines(write);
    expect(emfLines(write)).toHaveLength(1);
    expect(line).toMatchObject({ ProjectCreated: 1, service: 'test' });
    expect(line).not.toHaveProperty('plan');
  });

  it('publishes what a failing request recorded', async () => {
    // Prepare
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
    const handler = middy()
      .use(publishMetrics(metrics))
      .handler(async () => {
        metrics.addMetric('PaymentFailed', MetricUnit.Count, 1);
        throw new Error('boom');
      });

    // Act
    await expect(handler({}, lambdaContext('fn'))).rejects.toThrow('boom');

    // Assess
    expect(emfLines(write)).toEqual([expect.objectContaining({ PaymentFailed: 1 })]);
  });
});
