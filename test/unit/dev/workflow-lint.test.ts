/** The GitHub workflows are valid, checked in `npm test`; a broken one is caught, so the check is live. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintWorkflows, readWorkflows } from '#dev/workflow-lint.ts';

const rootDir = fileURLToPath(new URL('../../..', import.meta.url));

describe('GitHub workflows', () => {
  it('has a pull-request and a deploy workflow, both valid', () => {
    // Prepare
    const workflows = readWorkflows(rootDir);

    // Act
    const findings = lintWorkflows(workflows);

    // Assess
    expect(Object.keys(workflows).sort()).toEqual([
      '.github/workflows/deploy.yml',
      '.github/workflows/pull-request.yml',
    ]);
    expect(findings).toEqual([]);
  });

  it('catches a misspelt key and a job that needs one that does not exist', () => {
    // Prepare
    const broken = [
      'on: push',
      'jobs:',
      '  deploy:',
      '    runs-on: ubuntu-latest',
      '    needs: [tests]',
      '    stepz:',
      '      - run: npx cdk deploy',
    ].join('\n');

    // Act
    const findings = lintWorkflows({ 'broken.yml': broken });

    // Assess
    const codes = findings.map((finding) => finding.error.code);
    expect(codes).toContain('unresolved_job');
    expect(codes).toContain('one_of');
  });

  it('keeps deploys on GitHub OIDC: no AWS access key anywhere in the workflows', () => {
    // Act
    const text = Object.values(readWorkflows(rootDir)).join('\n');

    // Assess
    expect(text).not.toMatch(/aws-access-key-id|AWS_SECRET_ACCESS_KEY|aws-secret-access-key/i);
    expect(text).toContain('id-token: write');
    expect(text).toMatch(/environment: prod/);
  });
});
