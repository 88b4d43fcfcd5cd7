/**
 * Runs before `npm test` (its `pretest` script): finds Chromium and Debian's PyTorch, installs what is
 * missing with apt-get when it may (root), and otherwise stops at once with the command that installs it.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { DEFAULT_CHROMIUM, DEFAULT_PYTHON, installCommand, planSetup } from './testSetupPlan.mjs';

/** @param {string} path */
function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** @param {string} command @param {string[]} args */
function succeeds(command, args) {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

function facts() {
  const chromiumEnv = process.env.CHROMIUM_PATH || undefined;
  const pythonEnv = process.env.GATELAB_PYTHON || undefined;
  return {
    chromiumEnv,
    chromiumFound: executable(chromiumEnv ?? DEFAULT_CHROMIUM),
    pythonEnv,
    // find_spec locates torch without importing it (an import takes seconds).
    torchFound: succeeds(pythonEnv ?? DEFAULT_PYTHON, ['-c', "import importlib.util, sys; sys.exit(importlib.util.find_spec('torch') is None)"]),
    root: process.getuid?.() === 0,
    aptGet: succeeds('apt-get', ['--version']),
  };
}

/** @param {string[]} args */
function apt(args) {
  const result = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status})`);
}

function main() {
  let plan = planSetup(facts());
  if (plan.kind === 'install') {
    console.log(`test setup: installing ${plan.packages.join(', ')} with apt-get`);
    try {
      apt(['update', '-qq']);
      apt(['install', '-y', '-qq', ...plan.packages]);
    } catch (e) {
      console.error(`test setup: ${e instanceof Error ? e.message : String(e)}. Install by hand with:\n\n  ${installCommand(plan.packages, true)}\n`);
      return 1;
    }
    plan = planSetup(facts());
    if (plan.kind === 'install') {
      console.error(`test setup: apt-get ran, but ${plan.packages.join(', ')} is still missing`);
      return 1;
    }
  }
  if (plan.kind === 'stop') {
    console.error(`test setup: ${plan.message}`);
    return 1;
  }
  console.log(`test setup: Chromium ${process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM}, PyTorch for ${process.env.GATELAB_PYTHON || DEFAULT_PYTHON}`);
  return 0;
}

process.exit(main());
