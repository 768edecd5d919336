/** Gives each test file the environment the handlers read, pointing at the emulators of this run. */
import { inject } from 'vitest';

Object.assign(process.env, inject('localEnv'), {
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  // Every handler's answer is checked against its route's response schema (shared/http/response-check.ts).
  API_RESPONSE_CHECKS: 'true',
  // Test gateways run without the authorizer cache, so offboarding need not wait for it to expire.
  OFFBOARDING_GRACE_SECONDS: '0',
  // Every test tenant signs up from 127.0.0.1 and sends requests back to back: limits 100 times the
  // plans'. The limiter's own tests set 1 and check the real numbers, on the same code path.
  LIMITS_SCALE: '100',
});
