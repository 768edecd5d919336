/**
 * The API contract, checked on every answer the e2e suites get: the served OpenAPI document must
 * list the status for the operation, the body must match that answer's schema (JSON Schema 2020-12,
 * validated by ajv with formats), and every header it declares required must be present.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { createRouteMatcher } from '#dev/route-matcher.ts';
import { routes } from '#shared/api/routes.ts';
import { buildOpenApiDocument, type OpenApiDocument } from '#shared/api-docs/openapi.ts';

export interface ObservedResponse {
  readonly method: string;
  /** The request path, query string included or not. */
  readonly path: string;
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body; undefined for an empty body. */
  readonly body: unknown;
}

export class ContractViolation extends Error {}

interface DocumentedResponse {
  readonly headers?: Record<string, { $ref?: string }>;
  readonly content?: Record<string, { schema: unknown }>;
}

const documentId = 'tenantkit-openapi';
const matchRoute = createRouteMatcher(Object.values(routes));

let loaded: { document: OpenApiDocument; ajv: Ajv2020 } | undefined;

function contract(): { document: OpenApiDocument; ajv: Ajv2020 } {
  if (loaded) return loaded;
  // The same builder the served document comes from (test/e2e/openapi.test.ts checks they agree).
  const document = buildOpenApiDocument('http://127.0.0.1');
  // OpenAPI's own keywords (example, …) are not JSON Schema's: strict mode would refuse them.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: documentId, paths: document.paths, components: document.components });
  loaded = { document, ajv };
  return loaded;
}

const pointer = (...segments: string[]): string =>
  segments.map((segment) => segment.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/** Throws a ContractViolation when `observed` is not an answer the document allows. */
export function assertContract(observed: ObservedResponse): void {
  const path = observed.path.split('?')[0] ?? '';
  const match = matchRoute(observed.method, path);
  // Not an operation of the API (the local pages, an unknown path): nothing to hold it to.
  if (match === undefined) return;
  const { document, ajv } = contract();
  const { route } = match;
  const where = `${route.method} ${route.path} → ${observed.status}`;
  const operation = document.paths[route.path]?.[route.method.toLowerCase()] as
    | { responses: Record<string, DocumentedResponse> }
    | undefined;
  const documented = operation?.responses[String(observed.status)];
  if (documented === undefined) {
    throw new ContractViolation(`${where}: status not documented for this operation`);
  }

  for (const [name, header] of Object.entries(documented.headers ?? {})) {
    const definition = document.components.headers[
      (header.$ref ?? '').replace('#/components/headers/', '')
    ] as { required?: boolean } | undefined;
    if (definition?.required && !observed.headers.has(name)) {
      throw new ContractViolation(`${where}: required header ${name} missing`);
    }
  }

  const json = documented.content?.['application/json'];
  if (json === undefined) {
    if (observed.body !== undefined) throw new ContractViolation(`${where}: body not documented`);
    return;
  }
  const schemaRef = `${documentId}#/${pointer('paths', route.path, route.method.toLowerCase(), 'responses', String(observed.status), 'content', 'application/json', 'schema')}`;
  const validate = ajv.getSchema(schemaRef);
  if (validate === undefined) throw new ContractViolation(`${where}: no schema at ${schemaRef}`);
  if (!validate(observed.body)) {
    throw new ContractViolation(
      `${where}: body does not match its schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(observed.body)}`,
    );
  }
}
