/** Optimistic concurrency over HTTP: item versions as strong ETags, and If-Match required on writes. */
import { PreconditionRequiredError, ValidationError } from '#shared/errors.ts';

export function etag(version: number): string {
  return `"${version}"`;
}

/** The version a write must match, from `If-Match`; 428 when absent, 400 when it is no ETag of ours. */
export function requiredIfMatch(headers: Readonly<Record<string, string>>): number {
  const header = headers['if-match'];
  if (header === undefined || header.trim() === '') {
    throw new PreconditionRequiredError(
      'This write needs an If-Match header with the ETag you read',
    );
  }
  const match = /^"([1-9][0-9]{0,15})"$/.exec(header.trim());
  if (!match?.[1]) {
    throw new ValidationError('If-Match must be one strong ETag, e.g. "3"', [
      {
        location: 'header',
        path: 'if-match',
        code: 'invalid_etag',
        message: 'not an ETag of this API',
      },
    ]);
  }
  return Number(match[1]);
}
