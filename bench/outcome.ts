/** The HTTP status a handler's outcome stands for; shared by the bench process and the drivers. */

/**
 * A proxy result's statusCode; for the authorizer, 200 for a policy and 401 for API Gateway's
 * "Unauthorized" error; 500 for anything else thrown or returned.
 */
export function statusOf(outcome: { result?: unknown; error?: unknown }): number {
  if (outcome.error !== undefined) {
    return outcome.error instanceof Error && outcome.error.message === 'Unauthorized' ? 401 : 500;
  }
  const result = outcome.result as { statusCode?: unknown; policyDocument?: unknown } | undefined;
  if (typeof result?.statusCode === 'number') return result.statusCode;
  return result?.policyDocument === undefined ? 500 : 200;
}
