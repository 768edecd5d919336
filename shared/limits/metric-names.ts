/** Names of the limiter's metrics: published by shared/limits/fail-open.ts, alarmed in lib/limits. */
export const failOpenMetric = 'LimiterFailOpen';
