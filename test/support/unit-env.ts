/** Unit tests run handlers in-process; keep their logs and metrics quiet and off any real service. */
Object.assign(process.env, {
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  API_RESPONSE_CHECKS: 'true',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_TRACE_ENABLED: 'false',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'unit',
  AWS_SECRET_ACCESS_KEY: 'unit',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  // Handlers here run without a table; the limiter's own unit tests turn it back on.
  RATE_LIMITS: 'off',
});
