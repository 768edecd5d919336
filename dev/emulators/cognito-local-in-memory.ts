/**
 * cognito-local's server, assembled as its own CLI assembles it (lib/server/defaults.js) but with its
 * pools in memory (see memory-data-store.ts), and users looked up by index (cognito-indexed-lookups.ts).
 * Run as a child process with PORT and HOST set.
 */
import { createRequire } from 'node:module';
import { loadConfig } from 'cognito-local/lib/server/config.js';
import { createServer } from 'cognito-local/lib/server/server.js';
import { CognitoServiceFactoryImpl } from 'cognito-local/lib/services/cognitoService.js';
import { CryptoService } from 'cognito-local/lib/services/crypto.js';
import { DateClock, MessagesService, TriggersService } from 'cognito-local/lib/services/index.js';
import type { Lambda } from 'cognito-local/lib/services/lambda.js';
import { ConsoleMessageSender } from 'cognito-local/lib/services/messageDelivery/consoleMessageSender.js';
import { MessageDeliveryService } from 'cognito-local/lib/services/messageDelivery/messageDelivery.js';
import { otp } from 'cognito-local/lib/services/otp.js';
import { JwtTokenGenerator } from 'cognito-local/lib/services/tokenGenerator.js';
import { IndexedUserPoolServiceFactory, indexedRouter } from './cognito-indexed-lookups.ts';
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
const stores = new MemoryDataStoreFactory();
const config = await loadConfig(ctx, stores);
const clock = new DateClock();
// The directory is read once, for pools saved by an earlier run: there are none in memory.
const cognito = await new CognitoServiceFactoryImpl(
  process.cwd(),
  stores,
  new IndexedUserPoolServiceFactory(clock, stores),
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
await createServer(indexedRouter(services), logger, config.ServerConfig, services).start();
