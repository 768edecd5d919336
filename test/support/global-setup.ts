/** Starts the emulators once per test run, on free loopback ports, and stops them afterwards. */
import type { TestProject } from 'vitest/node';
import { startLocalStack } from '#dev/local-stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    localEnv: Readonly<Record<string, string>>;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startLocalStack({ appName: 'tenantkit-test' });
  project.provide('localEnv', stack.env);
  return () => stack.stop();
}
