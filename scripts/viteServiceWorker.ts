import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';

const TEMPLATE = new URL('./sw.template.js', import.meta.url);
const PLACEHOLDER = "/* PRECACHE */ { version: 'dev', files: [] }";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Writes dist/sw.js after the build: the service worker of scripts/sw.template.js with the list of every
 * file the build wrote (relative to the page, so it works from any sub-path) and a version that changes
 * with their contents, so a new build replaces the old cache.
 */
export function serviceWorker(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'gatelab:service-worker',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    closeBundle() {
      // An absolute outDir (the bench builds the app into node_modules/.cache) stays as it is.
      const outDir = resolve(config.root, config.build.outDir);
      const files = filesUnder(outDir)
        .map((f) => relative(outDir, f).split('\\').join('/'))
        .filter((f) => f !== 'sw.js' && !f.endsWith('.map'))
        .sort();
      const hash = createHash('sha256');
      for (const f of files) hash.update(f).update(readFileSync(join(outDir, f)));
      const template = readFileSync(TEMPLATE, 'utf8');
      if (!template.includes(PLACEHOLDER)) throw new Error('scripts/sw.template.js lost its PRECACHE placeholder');
      const precache = JSON.stringify({ version: hash.digest('hex').slice(0, 12), files: ['./', ...files.filter((f) => f !== 'index.html')] });
      writeFileSync(join(outDir, 'sw.js'), template.replace(PLACEHOLDER, precache));
    },
  };
}
