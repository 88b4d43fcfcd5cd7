import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { planSetup } from '../../scripts/testSetupPlan.mjs';

const present = { chromiumEnv: undefined, chromiumFound: true, pythonEnv: undefined, torchFound: true, root: false, aptGet: true };

describe("npm test's set-up", () => {
  it('goes ahead when Chromium and PyTorch are there', () => {
    expect(planSetup(present)).toEqual({ kind: 'ready' });
  });

  it('installs what is missing with apt-get when it may (root)', () => {
    expect(planSetup({ ...present, chromiumFound: false, root: true })).toEqual({ kind: 'install', packages: ['chromium'] });
    expect(planSetup({ ...present, torchFound: false, root: true })).toEqual({ kind: 'install', packages: ['python3-torch'] });
    expect(planSetup({ ...present, chromiumFound: false, torchFound: false, root: true })).toEqual({
      kind: 'install',
      packages: ['chromium', 'python3-torch'],
    });
  });

  it('otherwise stops with the one command that installs it', () => {
    const plan = planSetup({ ...present, chromiumFound: false, torchFound: false });
    expect(plan.kind).toBe('stop');
    expect(plan.kind === 'stop' && plan.message).toContain('\n  sudo apt-get install -y chromium python3-torch\n');
    // Root without apt-get (not Debian): the command, without sudo.
    const noApt = planSetup({ ...present, chromiumFound: false, root: true, aptGet: false });
    expect(noApt.kind === 'stop' && noApt.message).toContain('\n  apt-get install -y chromium\n');
  });

  it('a path the user chose is not replaced by an install', () => {
    const plan = planSetup({ ...present, chromiumEnv: '/opt/none/chrome', chromiumFound: false, root: true });
    expect(plan.kind).toBe('stop');
    expect(plan.kind === 'stop' && plan.message).toMatch(/^CHROMIUM_PATH is \/opt\/none\/chrome, which is not an executable file/);
    const python = planSetup({ ...present, pythonEnv: '/opt/py', torchFound: false, root: true });
    expect(python.kind === 'stop' && python.message).toMatch(/^GATELAB_PYTHON is \/opt\/py, which has no torch/);
  });

  it('the script stops at once, before any test, when CHROMIUM_PATH points at nothing', () => {
    const missing = '/nonexistent/gatelab-test/chromium';
    const run = spawnSync(process.execPath, ['scripts/test-setup.mjs'], { env: { ...process.env, CHROMIUM_PATH: missing }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`CHROMIUM_PATH is ${missing}, which is not an executable file`);
  });
});
