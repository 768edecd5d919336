/** Reads configuration from the environment once and fails loudly when a required variable is missing. */

export class ConfigurationError extends Error {}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new ConfigurationError(`Missing required environment variable ${name}`);
  }
  return value;
}

export function optionalEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Memoises a configuration reader so each concern reads its variables once per cold start. */
export function once<T>(read: () => T): () => T {
  let cached: { value: T } | undefined;
  return () => {
    cached ??= { value: read() };
    return cached.value;
  };
}
