/** `npm run lint:workflows`: validates .github/workflows, one line per finding, exit 1 on any. */
import { lintWorkflows, readWorkflows } from './workflow-lint.ts';

const findings = lintWorkflows(readWorkflows(process.cwd()));
for (const { file, error } of findings) {
  console.error(`${file}: ${JSON.stringify(error)}`);
}
if (findings.length > 0) process.exit(1);
console.log('GitHub workflows: valid');
