/**
 * HTTP preconditions (RFC 9110 section 13) over item versions: versions travel as strong ETags
 * (`"3"`), writes require `If-Match` (`*` or a list of tags), reads answer 304 to a matching
 * `If-None-Match`. Tags are compared as strings, and only a safe integer ever becomes a version, so
 * a tag such as `"9007199254740993"` can match nothing rather than reach the database.
 */
import {
  PreconditionFailedError,
  PreconditionRequiredError,
  ValidationError,
} from '#shared/errors.ts';
import { anyVersion, type ExpectedVersion } from '#shared/versions.ts';
import { type ApiResult, ok } from './api-handler.ts';

export function etag(version: number): string {
  return `"${version}"`;
}

interface EntityTag {
  readonly weak: boolean;
  readonly opaque: string;
}

/** `*`, or the entity tags of a list header; undefined when the value is not valid syntax. */
type EntityTagCondition =
  | { readonly any: true }
  | { readonly any: false; readonly tags: EntityTag[] };

/** One list element: an optional `W/`, then a quoted opaque tag (etagc: %x21 / %x23-7E / obs-text). */
const listElement = /[ \t]*(?:(W\/)?"([\x21\x23-\x7e\x80-\xff]*)")?[ \t]*(?:,|$)/y;

function parseTagCondition(value: string): EntityTagCondition | undefined {
  if (value.trim() === '*') return { any: true };
  const tags: EntityTag[] = [];
  listElement.lastIndex = 0;
  while (listElement.lastIndex < value.length) {
    const start = listElement.lastIndex;
    const match = listElement.exec(value);
    if (!match || listElement.lastIndex === start) return undefined;
    if (match[2] !== undefined) tags.push({ weak: match[1] !== undefined, opaque: match[2] });
  }
  return tags.length === 0 ? undefined : { any: false, tags };
}

/** The version an opaque tag names, if it is one of ours: a positive safe integer, written plainly. */
function versionOf(opaque: string): number | undefined {
  if (!/^[1-9][0-9]{0,15}$/.test(opaque)) return undefined;
  const version = Number(opaque);
  return Number.isSafeInteger(version) ? version : undefined;
}

const invalidIfMatch = (): ValidationError =>
  new ValidationError('If-Match must be * or a list of entity tags, e.g. "3"', [
    {
      location: 'header',
      path: 'if-match',
      code: 'invalid_etag',
      message: 'not an entity tag',
    },
  ]);

/**
 * The version a write must find, from `If-Match`: 428 when absent, 400 when it is not valid syntax,
 * 412 when no tag can match (a weak tag never does: If-Match compares strongly), and `*` for any
 * current version. A list naming two versions of ours is refused (400): one write, one version.
 */
export function requiredIfMatch(headers: Readonly<Record<string, string>>): ExpectedVersion {
  const header = headers['if-match'];
  if (header === undefined || header.trim() === '') {
    throw new PreconditionRequiredError(
      'This write needs an If-Match header with the ETag you read',
    );
  }
  const condition = parseTagCondition(header);
  if (condition === undefined) throw invalidIfMatch();
  if (condition.any) return anyVersion;
  const versions = new Set(
    condition.tags
      .filter((tag) => !tag.weak)
      .map((tag) => versionOf(tag.opaque))
      .filter((version) => version !== undefined),
  );
  const [version, ...others] = versions;
  if (version === undefined) {
    throw new PreconditionFailedError('If-Match names no version of this resource');
  }
  if (others.length > 0) {
    throw new ValidationError('If-Match may name one version only', [
      {
        location: 'header',
        path: 'if-match',
        code: 'several_versions',
        message: 'names more than one version',
      },
    ]);
  }
  return version;
}

/**
 * True when `If-None-Match` matches the current version (weak comparison, RFC 9110 13.1.2): the
 * client's copy is current. A value that is not valid syntax is ignored, as if absent.
 */
function notModified(headers: Readonly<Record<string, string>>, version: number): boolean {
  const header = headers['if-none-match'];
  if (header === undefined) return false;
  const condition = parseTagCondition(header);
  if (condition === undefined) return false;
  return condition.any || condition.tags.some((tag) => tag.opaque === String(version));
}

/**
 * A read's answer: 200 with the representation and its ETag, or 304 with only the ETag when the
 * client's `If-None-Match` says it holds this version already.
 */
export function versionedRead<B>(
  headers: Readonly<Record<string, string>>,
  body: B,
  version: number,
): ApiResult<B> {
  if (notModified(headers, version)) return { statusCode: 304, headers: { etag: etag(version) } };
  return ok(body, { etag: etag(version) });
}
