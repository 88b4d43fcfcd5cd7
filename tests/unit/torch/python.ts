import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Debian's Python, which has python3-torch (a `python3` earlier on PATH, e.g. a pyenv, may not). */
export const PYTHON = process.env.GATELAB_PYTHON ?? '/usr/bin/python3';
const run = promisify(execFile);
const env = { ...process.env, PYTHONPATH: join(process.cwd(), 'python'), OMP_NUM_THREADS: '1' };

/** Fails, never skips, when PyTorch is missing: the message says how to install it. */
export async function requireTorch(): Promise<void> {
  try {
    await run(PYTHON, ['-c', 'import torch'], { env });
  } catch (error) {
    throw new Error(
      `PyTorch is missing for ${PYTHON} (${(error as { stderr?: string }).stderr?.trim().split('\n').at(-1) ?? (error as Error).message}). ` +
        'Install it with `sudo apt-get install -y python3-torch` (Debian, PyTorch 1.13), or set GATELAB_PYTHON to a Python that has torch.',
    );
  }
}

export interface PythonResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs Python with `python/` on PYTHONPATH, from the repository root; a non-zero exit is returned, not thrown. */
export async function python(args: string[], timeout = 240_000): Promise<PythonResult> {
  try {
    const { stdout, stderr } = await run(PYTHON, args, { env, cwd: process.cwd(), timeout, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** `python`, expecting success: the output, or an error carrying Python's stderr. */
export async function pythonOk(args: string[], timeout?: number): Promise<string> {
  const result = await python(args, timeout);
  if (result.code !== 0) throw new Error(`${PYTHON} ${args.join(' ')} exited with ${result.code}:\n${result.stderr}`);
  return result.stdout;
}
