/**
 * cognito-local's server, assembled as its own CLI assembles it (lib/server/defaults.js) but with
 * the operations the API needs that it lacks (cognito-local-router.ts), and by default with its pools
 * in memory (memory-data-store.ts) and users looked up by index (cognito-indexed-lookups.ts). With
 * `COGNITO_LOCAL_STORE=files` it keeps them in its own files under `./.cognito` (`--persist`), as its
 * CLI does. Run as a child process with PORT and HOST set.
 */
import { createRequire } from 'node:module';
import { loadConfig } from 'cognito-local/lib/server/config.js';
import { createServer } from 'cognito-local/lib/server/server.js';
import { CognitoServiceFactoryImpl } from 'cognito-local/lib/services/cognitoService.js';
import { CryptoService } from 'cognito-local/lib/services/crypto.js';
import type { DataStoreFactory } from 'cognito-local/lib/services/dataStore/factory.js';
import { StormDBDataStoreFactory } from 'cognito-local/lib/services/dataStore/stormDb.js';
import { DateClock, MessagesService, TriggersService } from 'cognito-local/lib/services/index.js';
import type { Lambda } from 'cognito-local/lib/services/lambda.js';
import { ConsoleMessageSender } from 'cognito-local/lib/services/messageDelivery/consoleMessageSender.js';
import { MessageDeliveryService } from 'cognito-local/lib/services/messageDelivery/messageDelivery.js';
import { otp } from 'cognito-local/lib/services/otp.js';
import { JwtTokenGenerator } from 'cognito-local/lib/services/tokenGenerator.js';
import {
  type UserPoolServiceFactory,
  UserPoolServiceFactoryImpl,
} from 'cognito-local/lib/services/userPoolService.js';
import { IndexedUserPoolServiceFactory } from './cognito-indexed-lookups.ts';
import { completedRouter } from './cognito-local-router.ts';
import { MemoryDataStoreFactory } from './memory-data-store.ts';

/** The pino logger cognito-local's server takes. */
type Logger = Parameters<typeof createServer>[1];

// pino is cognito-local's dependency, not ours: load the copy it loads.
const requireFromCognito = createRequire(
  createRequire(import.meta.url).resolve('cognito-local/package.json'),
);
const pino = requireFromCognito('pino') as (options: { readonly level: string }) => Logger;

// Warnings and errors only: a line per request would cost the emulator more than the request.
const logger: Logger = pino({ level: 'warn' });

/** The local stack configures no Cognito triggers, so none is ever invoked. */
const noTriggers: Lambda = {
  enabled: () => false,
  invoke: (): Promise<never> => Promise.reject(new Error('No Cognito Lambda triggers run locally')),
};

const ctx = { logger };
const clock = new DateClock();

/** Where the pools live: the CLI's files under `./.cognito` (its layout, so its data is read), or memory. */
function storage(): {
  readonly config: DataStoreFactory;
  readonly data: DataStoreFactory;
  readonly directory: string;
  readonly pools: UserPoolServiceFactory;
} {
  if (process.env.COGNITO_LOCAL_STORE === 'files') {
    const directory = '.cognito/db';
    const data = new StormDBDataStoreFactory(directory);
    return {
      config: new StormDBDataStoreFactory('.cognito'),
      data,
      directory,
      pools: new UserPoolServiceFactoryImpl(clock, data),
    };
  }
  const stores = new MemoryDataStoreFactory();
  return {
    config: stores,
    data: stores,
    // The directory is read once, for pools saved by an earlier run: there are none in memory.
    directory: process.cwd(),
    pools: new IndexedUserPoolServiceFactory(clock, stores),
  };
}

const stores = storage();
const config = await loadConfig(ctx, stores.config);
const cognito = await new CognitoServiceFactoryImpl(
  stores.directory,
  stores.data,
  stores.pools,
).create(ctx, config.UserPoolDefaults);
const triggers = new TriggersService(
  clock,
  cognito,
  noTriggers,
  new CryptoService(config.KMSConfig),
);
const services = {
  clock,
  cognito,
  config,
  messages: new MessagesService(triggers, new MessageDeliveryService(new ConsoleMessageSender())),
  otp,
  tokenGenerator: new JwtTokenGenerator(clock, triggers, config.TokenConfig),
  triggers,
};
await createServer(completedRouter(services), logger, config.ServerConfig, services).start();
