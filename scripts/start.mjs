/**
 * `npm start`: the production build, served to yourself on localhost with the two headers that let wasm
 * use every core (vite.config.ts's preview.headers). Builds first when dist/ is missing or older than the
 * sources. PORT picks the port (4173 by default).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json'];

/** The newest modification time under `path` (a file or a folder). @param {string} path @returns {number} */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const built = join(root, 'dist', 'index.html');
const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
if (builtAt < Math.max(...SOURCES.map((s) => newest(join(root, s))))) {
  console.log(builtAt ? 'npm start: sources changed since the last build, building…' : 'npm start: building…');
  await build({ root, logLevel: 'warn' });
}
const port = Number(process.env.PORT ?? 4173);
const server = await preview({ root, preview: { host: 'localhost', port, strictPort: true, open: false } });
console.log(`Gate Lab (production build): ${server.resolvedUrls?.local[0] ?? `http://localhost:${port}/`}  (Ctrl+C stops it)`);
