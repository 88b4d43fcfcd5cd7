import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** `import … from 'x'`, `export … from 'x'`, `import 'x'` and `import('x')`: the module each names. */
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g;

/** Every module a file imports, relative ones as paths from the repository root without their extension. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(IMPORT)].map(([, spec = '']) =>
    spec.startsWith('.') ? relative(ROOT, resolve(dirname(join(ROOT, file)), spec)).replace(/\.tsx?$/, '') : spec,
  );
}

/** Imports that load the module at run time: not `import type`/`export type` (erased; with verbatimModuleSyntax an `import { type X }` still loads it). */
function runtimeImportsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8').replace(/^\s*(import|export)\s+type\b[^;]*;/gms, '');
  return [...text.matchAll(IMPORT)].map(([, spec = '']) =>
    spec.startsWith('.') ? relative(ROOT, resolve(dirname(join(ROOT, file)), spec)).replace(/\.tsx?$/, '') : spec,
  );
}

/** The file behind a module path from `importsOf` (extension dropped). */
const sourceFile = (module: string): string => (existsSync(join(ROOT, `${module}.ts`)) ? `${module}.ts` : existsSync(join(ROOT, `${module}.tsx`)) ? `${module}.tsx` : module);

function offending(dir: string, allowed: (module: string) => boolean): string[] {
  return sourceFiles(dir).flatMap((file) => importsOf(file).filter((m) => !allowed(m)).map((m) => `${file} → ${m}`));
}

describe('layering', () => {
  it('finds the imports it checks (a pattern that matched nothing would pass anything)', () => {
    const imports = sourceFiles('src/ui').flatMap(importsOf);
    expect(imports).toContain('src/worker/protocol');
    expect(imports).toContain('src/contract/runSettings');
  });

  it('the page imports no worker module but the message protocol (settings and model ids are in src/contract)', () => {
    expect(offending('src/ui', (m) => !m.startsWith('src/worker/') || m === 'src/worker/protocol')).toEqual([]);
  });

  it('the page loads no tfjs: no module it reaches by a runtime import imports @tensorflow (tfjs lives in the worker)', () => {
    const reached = new Set<string>();
    const tfjs: string[] = [];
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const module of runtimeImportsOf(file)) {
        if (module.startsWith('@tensorflow')) tfjs.push(`${file} → ${module}`);
        else if (module.startsWith('src/')) visit(sourceFile(module));
      }
    };
    visit('src/ui/main.tsx');
    expect(reached.size).toBeGreaterThan(20);
    expect(tfjs).toEqual([]);
  });

  it('one function builds trainers: src/worker/runConfig.ts, for the worker, the command line and the bench', () => {
    const builders = ['src', 'bench']
      .flatMap(sourceFiles)
      .filter((file) => /\bnew Trainer\(/.test(readFileSync(join(ROOT, file), 'utf8')));
    // The e2e build's timing hook times one bare step, no run.
    expect(builders.sort()).toEqual(['src/worker/e2eHooks.ts', 'src/worker/runConfig.ts']);
  });

  it('the contract is plain data: no tfjs, no worker, page or command-line module', () => {
    expect(sourceFiles('src/contract').length).toBeGreaterThan(0);
    expect(offending('src/contract', (m) => !/^(@tensorflow|src\/(worker|ui|cli)\/)/.test(m))).toEqual([]);
  });
});
