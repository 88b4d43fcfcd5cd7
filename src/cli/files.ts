import { constants } from 'node:fs';
import { access, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CliError } from './cliError';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EEXIST: 'already exists',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
};

/** A file-system error in words ("no such file"), not its code. */
export function fileReason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return (code && REASONS[code]) ?? message;
}

/** Reads a file named by a flag; a failure is a CliError in words. */
export async function readInputFile(flag: string, path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new CliError(`cannot read --${flag} ${path}: ${fileReason(error)}`);
  }
}

/**
 * Makes sure results can be written to `dir` before any work starts: each missing level is made one at a time
 * (a recursive mkdir under /proc never returns), an existing file in the way is refused, and the directory
 * must be writable.
 */
export async function prepareOutDir(flag: string, dir: string): Promise<void> {
  const fail = (why: string) => new CliError(`cannot write to --${flag} ${dir}: ${why}`);
  const missing: string[] = [];
  for (let at = resolve(dir); ; ) {
    const info = await stat(at).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw fail(fileReason(error));
    });
    if (info) {
      if (!info.isDirectory()) throw fail(at === resolve(dir) ? 'it is a file, not a directory' : `${at} is a file, not a directory`);
      break;
    }
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  try {
    for (const level of missing) await mkdir(level);
    await access(dir, constants.W_OK);
  } catch (error) {
    throw fail(fileReason(error));
  }
}
