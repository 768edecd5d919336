/**
 * One Powertools Tracer per function (X-Ray). Powertools turns it off outside Lambda and when
 * POWERTOOLS_TRACE_ENABLED is `false`, so in tests and `npm start` every call here is a no-op.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import { serviceName } from './logger.ts';

export const tracer = new Tracer({ serviceName });

/** `client` with each AWS call recorded as an X-Ray subsegment; created clients pass through here. */
export function traced<Client>(client: Client): Client {
  return tracer.captureAWSv3Client(client);
}
