/**
 * What `npm test` needs from the machine besides Node, and what to do when it is missing: the decision
 * only (the facts come in, a plan goes out), so that every path is tested without uninstalling anything.
 * Plain JavaScript, so that `npm test` starts it with Node alone, at once (tsx takes seconds to start).
 */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
/** Debian's Python, whose python3-torch the PyTorch tests need (a pyenv `python3` on PATH may lack it). */
export const DEFAULT_PYTHON = '/usr/bin/python3';

/**
 * @typedef {object} SetupFacts
 * @property {string | undefined} chromiumEnv CHROMIUM_PATH, when set.
 * @property {boolean} chromiumFound whether the browser to use (CHROMIUM_PATH or Debian's) is an executable file.
 * @property {string | undefined} pythonEnv GATELAB_PYTHON, when set.
 * @property {boolean} torchFound whether that Python (or Debian's) has torch.
 * @property {boolean} root running as root, so apt-get may install.
 * @property {boolean} aptGet whether apt-get is there.
 */

/**
 * @typedef {{ kind: 'ready' } | { kind: 'install', packages: string[] } | { kind: 'stop', message: string }} SetupPlan
 */

/** @param {SetupFacts} facts @returns {SetupPlan} */
export function planSetup(facts) {
  const wrongPaths = [];
  const packages = [];
  if (!facts.chromiumFound) {
    if (facts.chromiumEnv) {
      wrongPaths.push(`CHROMIUM_PATH is ${facts.chromiumEnv}, which is not an executable file: point it at a Chromium, or unset it to use Debian's (${DEFAULT_CHROMIUM}).`);
    } else packages.push('chromium');
  }
  if (!facts.torchFound) {
    if (facts.pythonEnv) {
      wrongPaths.push(`GATELAB_PYTHON is ${facts.pythonEnv}, which has no torch: point it at a Python with PyTorch, or unset it to use Debian's (${DEFAULT_PYTHON}).`);
    } else packages.push('python3-torch');
  }
  // A path the user chose is theirs to fix: nothing is installed in its place.
  if (wrongPaths.length) return { kind: 'stop', message: wrongPaths.join('\n') };
  if (packages.length === 0) return { kind: 'ready' };
  if (facts.root && facts.aptGet) return { kind: 'install', packages };
  const what = packages.map((p) => (p === 'chromium' ? `Debian's Chromium (${DEFAULT_CHROMIUM})` : `PyTorch for ${DEFAULT_PYTHON}`)).join(' and ');
  return { kind: 'stop', message: `npm test needs ${what}. Install with:\n\n  ${installCommand(packages, facts.root)}\n` };
}

/** The one command that installs the packages (as root, or through sudo). @param {string[]} packages @param {boolean} root */
export function installCommand(packages, root) {
  return `${root ? '' : 'sudo '}apt-get install -y ${packages.join(' ')}`;
}
