/** The report states the run's noise floor beside the warm-overhead goal, when the run measured one. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '#lib/common/paths.ts';
import { renderMarkdown } from '../../../bench/report.ts';
import type { BenchResults } from '../../../bench/results.ts';

const committed = JSON.parse(
  readFileSync(join(repoRoot, 'bench', 'results.json'), 'utf8'),
) as BenchResults;
const { noiseFloor: _ignored, ...withoutFloor } = committed;

describe('the report’s noise floor', () => {
  it('reads the A/A pair beside the warm goal and under the warm table', () => {
    const report = renderMarkdown({
      ...withoutFloor,
      noiseFloor: { functionId: 'getProject', invocations: 1000, p50Difference: -0.021 },
    });

    const sentence =
      'Noise floor of this run: `getProject` against itself (the same bundle in two processes taking turns, 1000 timed invocations each) reads -2.1 % p50 “overhead”';
    const goalLine = report.split('\n').find((line) => line.startsWith('- **Warm p50 overhead'));
    expect(goalLine).toContain(sentence);
    const warmSection = report.slice(report.indexOf('## 3. Warm latency'), report.indexOf('## 4.'));
    expect(warmSection).toContain(sentence);
  });

  it('says nothing of a noise floor when the run had none (a partial run without its route)', () => {
    expect(renderMarkdown(withoutFloor)).not.toContain('Noise floor');
  });
});
