/** Child processes of the local runtime: a child that dies on its own is reported, a stopped one is not. */
import { describe, expect, it } from 'vitest';
import { startProcess } from '#dev/processes.ts';

const notYet = Symbol('still pending');

describe('a supervised process', () => {
  it('reports how it ended and what it printed last when it dies on its own', async () => {
    // Prepare
    const child = startProcess('sh', ['-c', 'echo "java.lang.OutOfMemoryError"; exit 3'], {
      cwd: process.cwd(),
    });

    // Act
    const report = await child.died;

    // Assess
    expect(report).toContain('exit code 3');
    expect(report).toContain('java.lang.OutOfMemoryError');
  });

  it('reports nothing when it ends because it was stopped', async () => {
    // Prepare
    const child = startProcess('sleep', ['30'], { cwd: process.cwd() });

    // Act
    await child.stop();
    const settled = await Promise.race([
      child.died,
      new Promise<typeof notYet>((resolve) => setTimeout(() => resolve(notYet), 200)),
    ]);

    // Assess
    expect(settled).toBe(notYet);
  });
});
