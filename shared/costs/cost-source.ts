/** The CostSource this function uses, chosen once from configuration: the local log or Logs Insights. */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { once } from '#shared/config/env.ts';
import { costSourceConfig } from '#shared/config/runtime-config.ts';
import { traced } from '#shared/observability/tracer.ts';
import type { CostSource } from './consumption.ts';
import { LocalConsumptionLog } from './local-consumption-log.ts';
import { LogsInsightsCostSource } from './logs-insights-source.ts';

export const costSource = once((): CostSource | undefined => {
  const config = costSourceConfig();
  if (config === undefined) return undefined;
  return config.kind === 'local'
    ? new LocalConsumptionLog(config.dir)
    : new LogsInsightsCostSource({
        client: traced(new CloudWatchLogsClient(config.client)),
        logGroupPrefix: config.logGroupPrefix,
      });
});
