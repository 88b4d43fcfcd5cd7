import { beforeAll, describe, expect, it } from 'vitest';
import { python, requireTorch } from './python';

/** python/tests (unittest): safetensors, text, checkpoints, the command lines, DistributedDataParallel under torchrun. */
describe('the PyTorch package’s own tests', () => {
  beforeAll(requireTorch, 60_000);

  it('pass', async () => {
    const result = await python(['-m', 'unittest', 'discover', '-s', 'python/tests', '-t', 'python'], 540_000);
    // unittest reports on stderr; its summary line says how many ran, so a suite that found no tests shows.
    expect(result.stderr).toMatch(/Ran [1-9]\d* tests?/);
    expect(result.stderr, result.stderr).toMatch(/\nOK\b/);
    expect(result.code, result.stderr).toBe(0);
  }, 600_000);
});
