/**
 * Where flag definitions come from: on AWS the AppConfig feature-flags profile through the AppConfig
 * Lambda extension (Powertools parameters, cached by the agent); locally a JSON file that is
 * re-read when it changes; with neither configured, no definitions (every flag at its default).
 */
import { watchFile } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { getConfig } from '@aws-lambda-powertools/parameters/appconfig-agent';
import { optionalEnv, requireEnv } from '#shared/config/env.ts';
import { type FlagDefinitions, parseFlagDefinitions } from './definitions.ts';

export type FlagSource = () => Promise<FlagDefinitions>;

/** The AppConfig agent answers from its own cache on localhost; it polls AppConfig itself. */
export function appConfigFlagSource(profile: {
  application: string;
  environment: string;
  configuration: string;
}): FlagSource {
  return async () =>
    parseFlagDefinitions(
      await getConfig(profile.configuration, {
        application: profile.application,
        environment: profile.environment,
        transform: 'json',
      }),
    );
}

/** Reads the file once, and again whenever it changes (npm start edits take effect at once). */
export function fileFlagSource(path: string): FlagSource {
  let loading: Promise<FlagDefinitions> | undefined;
  const load = async (): Promise<FlagDefinitions> => {
    try {
      return parseFlagDefinitions(JSON.parse(await readFile(path, 'utf8')));
    } catch {
      return {};
    }
  };
  // Polls the file's stat: survives editors that save by replacing the file.
  watchFile(path, { persistent: false, interval: 500 }, () => {
    loading = undefined;
  });
  return () => {
    loading ??= load();
    return loading;
  };
}

/** The source this runtime is configured for, from FEATURE_FLAGS_FILE or the AppConfig variables. */
export function configuredFlagSource(): FlagSource {
  const file = optionalEnv('FEATURE_FLAGS_FILE');
  if (file !== undefined) return fileFlagSource(file);
  const application = optionalEnv('FEATURE_FLAGS_APPLICATION');
  if (application === undefined) return async () => ({});
  return appConfigFlagSource({
    application,
    environment: requireEnv('FEATURE_FLAGS_ENVIRONMENT'),
    configuration: requireEnv('FEATURE_FLAGS_PROFILE'),
  });
}
