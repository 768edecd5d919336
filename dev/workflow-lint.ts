/**
 * Validates the GitHub Actions workflows with action-validator (its WebAssembly build from npm:
 * offline, in-process): GitHub's workflow schema (keys, types, triggers, permissions) and the job
 * graph (`needs` naming jobs that exist).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ValidationError, validateWorkflow } from '@action-validator/core';

export const workflowsDir = '.github/workflows';

export interface WorkflowFinding {
  readonly file: string;
  readonly error: ValidationError;
}

/** Every finding in `files` (path → YAML text); empty when all are valid. */
export function lintWorkflows(files: Readonly<Record<string, string>>): WorkflowFinding[] {
  return Object.entries(files).flatMap(([file, text]) =>
    validateWorkflow(text).errors.map((error) => ({ file, error })),
  );
}

/** The workflow files of the repository at `rootDir`, by path. */
export function readWorkflows(rootDir: string): Record<string, string> {
  const dir = join(rootDir, workflowsDir);
  return Object.fromEntries(
    readdirSync(dir)
      .filter((name) => /\.ya?ml$/.test(name))
      .map((name) => [join(workflowsDir, name), readFileSync(join(dir, name), 'utf8')]),
  );
}
