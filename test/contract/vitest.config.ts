/** `npm run test:stripe`: the opt-in contract test against Stripe test mode (needs STRIPE_TEST_KEY). */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/contract/**/*.test.ts'],
    testTimeout: 60_000,
    // Without the key the suite prints why it did not run and has nothing to run.
    passWithNoTests: true,
  },
});
